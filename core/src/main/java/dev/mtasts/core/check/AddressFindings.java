package dev.mtasts.core.check;

import dev.mtasts.core.dns.TlsaRecord;
import dev.mtasts.core.probe.ProbeError;
import dev.mtasts.core.probe.ProbeResult;
import dev.mtasts.core.probe.SmtpReply;
import dev.mtasts.core.probe.TlsOutcome;
import dev.mtasts.core.probe.TlsaMatcher;
import dev.mtasts.core.tls.TlsSessionFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges the probe of one MX address as an RFC 8461 §4.2 sender would: a connection, STARTTLS, TLS
 * 1.2 or newer, and a certificate that is trusted, names the host and is not expired; plus DANE
 * TLSA records (RFC 7672 §3) when the host has them. Reports only what applies: no certificate
 * findings where TLS never started.
 */
final class AddressFindings {

  /** The findings and the facts of one address. */
  record Judged(AddressReport report, List<Finding> findings) {
    Judged {
      findings = List.copyOf(findings);
    }
  }

  /** RFC 5321 §4.5.4.2: senders deliver to port 25. */
  private static final int SMTP_PORT = 25;

  private AddressFindings() {}

  static Judged judge(ProbeResult probe, List<TlsaRecord> tlsa, Duration expiryWarning) {
    String address = probe.address().getHostAddress();
    String subject = probe.mxHost() + " [" + address + "]";
    String where = probe.mxHost() + " at " + address + " port " + probe.port();
    List<Finding> findings = new ArrayList<>();
    Optional<Boolean> tlsaMatch = Optional.empty();
    Optional<TlsSessionFacts> session = Optional.empty();
    switch (probe.tls()) {
      case TlsOutcome.Negotiated negotiated -> {
        session = Optional.of(negotiated.session());
        findings.addAll(
            CertificateFindings.of(
                negotiated.session().certificate(),
                subject,
                CertificateFindings.MX_HOST,
                expiryWarning));
        TlsaMatcher.Result dane = TlsaMatcher.match(tlsa, negotiated.session().chain());
        if (dane.anyUsable()) {
          tlsaMatch = Optional.of(dane.anyMatch());
          if (!dane.anyMatch()) {
            findings.add(
                Finding.of(
                    FindingCode.DANE_TLSA_MISMATCH,
                    subject,
                    "None of the "
                        + dane.usable()
                        + " usable TLSA records of "
                        + probe.mxHost()
                        + " matches the chain presented by "
                        + where
                        + " (leaf "
                        + negotiated.session().certificate().leaf().subject()
                        + ", SHA-256 "
                        + negotiated.session().certificate().leaf().sha256()
                        + ")."));
          }
        }
      }
      case TlsOutcome.Failed failed ->
          findings.add(
              failed
                  .oldProtocol()
                  .map(
                      old ->
                          Finding.of(
                              FindingCode.MX_TLS_VERSION_OLD,
                              subject,
                              where
                                  + " negotiates "
                                  + old
                                  + " but no TLS 1.2 or 1.3 (the modern handshake failed: "
                                  + failed.reason()
                                  + ")."))
                  .orElseGet(
                      () ->
                          Finding.of(
                              FindingCode.MX_TLS_ERROR,
                              subject,
                              "The TLS handshake after STARTTLS with "
                                  + where
                                  + " failed: "
                                  + failed.reason()
                                  + ".")));
      case TlsOutcome.NotAttempted notAttempted -> beforeTls(probe, subject, where, findings);
    }
    AddressReport report =
        new AddressReport(
            address,
            probe.connected(),
            probe.starttlsOffered(),
            session.map(TlsSessionFacts::protocol),
            session.map(TlsSessionFacts::cipherSuite),
            session.map(s -> CertificateFacts.of(s.certificate())),
            tlsaMatch,
            probe.error().map(e -> e.code() + ": " + e.detail()));
    return new Judged(report, findings);
  }

  /** Why TLS never started: no connection, no STARTTLS, or SMTP trouble before it. */
  private static void beforeTls(
      ProbeResult probe, String subject, String where, List<Finding> findings) {
    Optional<ProbeError> error = probe.error();
    if (!probe.connected()) {
      findings.add(
          Finding.of(
              FindingCode.MX_UNREACHABLE,
              subject,
              "No TCP connection to "
                  + where
                  + error.map(e -> ": " + e.detail()).orElse("")
                  + (probe.port() == SMTP_PORT
                      ? "."
                      : " (the port this check was told to probe; senders use port 25).")));
    } else if (error.map(e -> e.code() == ProbeError.Code.STARTTLS_REFUSED).orElse(false)) {
      findings.add(
          Finding.of(
              FindingCode.MX_STARTTLS_MISSING,
              subject,
              where
                  + " offers STARTTLS but refuses it: "
                  + probe.starttlsReply().map(SmtpReply::text).orElse(error.get().detail())
                  + "."));
    } else if (probe.ehloOk() && !probe.starttlsOffered()) {
      findings.add(
          Finding.of(
              FindingCode.MX_STARTTLS_MISSING,
              subject,
              where
                  + " does not offer STARTTLS: its EHLO reply lists "
                  + (probe.extensions().isEmpty()
                      ? "no extensions"
                      : String.join(", ", probe.extensions()))
                  + "."));
    } else if (error.isPresent()) {
      findings.add(
          Finding.of(
              FindingCode.MX_SMTP_ERROR,
              subject,
              "The SMTP conversation with "
                  + where
                  + " failed before STARTTLS ("
                  + error.get().code()
                  + "): "
                  + error.get().detail()
                  + "."));
    }
  }
}
