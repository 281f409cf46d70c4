package dev.mtasts.app.serve;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import dev.mtasts.app.listen.CannotListenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The SMTP listener for {@code rua=mailto:} (RFC 8460 §5.3): each message to a configured recipient
 * goes through the {@link IntakePipeline}, and the sender gets 250 only once the report is
 * committed. Replies: 550 for other recipients, 552 over the size limit, 554 for mail that is not a
 * report for us, 550 5.7.20 without a passing DKIM signature under {@code reports.dkim: require},
 * 451 when the store (or a DKIM key lookup) fails for now. STARTTLS when a certificate is given.
 */
public final class SmtpIntake implements AutoCloseable {

  private final SMTPServer server;

  private SmtpIntake(SMTPServer server) {
    this.server = server;
  }

  /**
   * Starts listening.
   *
   * @param domains {@code reports.domains}: recipients in these domains are accepted when no
   *     recipient list is configured; empty with no list: every recipient (no-config mode)
   * @param tls the STARTTLS context, when a certificate is configured
   * @throws CannotListenException when the address cannot be bound (busy, not ours)
   */
  public static SmtpIntake start(
      ServeConfig.Smtp config,
      List<String> domains,
      IntakePipeline pipeline,
      Optional<SSLContext> tls)
      throws CannotListenException {
    Set<String> recipients = Set.copyOf(config.recipients());
    Set<String> ourDomains = Set.copyOf(domains.stream().map(Attribution::normalize).toList());
    SMTPServer.Builder builder =
        SMTPServer.port(config.listen().getPort())
            .bindAddress(config.listen().getAddress())
            .softwareName("mtasts")
            .maxMessageSize(config.maxMessageBytes())
            .maxRecipients(100)
            .maxConnections(200)
            .executorService(Executors.newVirtualThreadPerTaskExecutor())
            .messageHandlerFactory(
                context ->
                    new Handler(
                        context, recipients, ourDomains, config.maxMessageBytes(), pipeline));
    tls.ifPresent(
        context ->
            builder
                .enableTLS()
                .startTlsSocketFactory(
                    socket -> {
                      InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
                      SSLSocket s =
                          (SSLSocket)
                              context
                                  .getSocketFactory()
                                  .createSocket(
                                      socket, peer.getHostString(), socket.getPort(), true);
                      s.setUseClientMode(false);
                      s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                      return s;
                    }));
    SMTPServer server = builder.build();
    try {
      server.start();
    } catch (RuntimeException e) {
      // SubEthaSMTP wraps the bind failure
      if (e.getCause() instanceof IOException bind) {
        throw new CannotListenException(config.listen(), "reports.smtp.listen in the config", bind);
      }
      throw e;
    }
    return new SmtpIntake(server);
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getBindAddress().orElseThrow(), server.getPortAllocated());
  }

  @Override
  public void close() {
    server.stop();
  }

  /** One SMTP transaction. */
  private static final class Handler implements MessageHandler {
    private final MessageContext context;
    private final Set<String> recipients;
    private final Set<String> domains;
    private final int maxBytes;
    private final IntakePipeline pipeline;

    Handler(
        MessageContext context,
        Set<String> recipients,
        Set<String> domains,
        int maxBytes,
        IntakePipeline pipeline) {
      this.context = context;
      this.recipients = recipients;
      this.domains = domains;
      this.maxBytes = maxBytes;
      this.pipeline = pipeline;
    }

    @Override
    public void from(String from) {}

    @Override
    public void recipient(String recipient) throws RejectException {
      String address = recipient.strip().toLowerCase(Locale.ROOT);
      if (!accepts(address)) {
        throw new RejectException(550, "5.1.1 <" + recipient + ">: not a report address here");
      }
    }

    private boolean accepts(String address) {
      if (!recipients.isEmpty()) {
        return recipients.contains(address);
      }
      String domain = Attribution.normalize(address.substring(address.lastIndexOf('@') + 1));
      return domains.isEmpty() || domains.contains(domain);
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
      byte[] bytes = data.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new RejectException(552, "5.3.4 the message is over " + maxBytes + " bytes");
      }
      Source source = Source.of(Source.SMTP, String.valueOf(context.getRemoteAddress()));
      Outcome outcome =
          pipeline.accept(new Receipt(bytes, source, Instant.now(), Optional.empty()));
      return switch (outcome) {
        case Outcome.Stored s -> "2.6.0 stored for " + String.join(", ", s.domains());
        case Outcome.Duplicate d -> "2.6.0 already stored";
        case Outcome.Rejected r when r.code().equals("REPORT_DKIM_REQUIRED") ->
            throw new RejectException(550, "5.7.20 " + oneLine(r.reason()));
        case Outcome.Rejected r ->
            throw new RejectException(554, "5.6.0 not a TLS report for us: " + oneLine(r.reason()));
        case Outcome.TemporaryFailure t ->
            throw new RejectException(451, "4.3.0 not stored, try again later");
      };
    }

    private static String oneLine(String text) {
      return text.replaceAll("[\\r\\n]+", " ");
    }

    @Override
    public void done() {}
  }
}
