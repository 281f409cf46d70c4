package dev.mtasts.core.tlsrpt;

import dev.mtasts.core.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.MimeUtil;

/**
 * Internal: a report email (RFC 8460 §5.3), a {@code multipart/report; report-type=tlsrpt} whose
 * machine-readable part is {@code application/tlsrpt+gzip} or {@code application/tlsrpt+json}.
 * Parts may come in any order; generic attachment types are accepted when the content or the file
 * name shows a report.
 */
final class ReportEmail {

  /** Reads one candidate part's bytes as a report (JSON, gzip or zip) within {@code budget}. */
  interface PayloadReader {
    Report read(byte[] payload, InflationBudget budget, List<Problem> warnings) throws Rejection;
  }

  private static final Set<String> REPORT_TYPES =
      Set.of("application/tlsrpt+gzip", "application/tlsrpt+json");
  private static final Set<String> GENERIC_TYPES =
      Set.of(
          "application/tlsrpt",
          "application/gzip",
          "application/x-gzip",
          "application/zip",
          "application/x-zip-compressed",
          "application/json",
          "application/octet-stream");
  private static final Pattern REPORT_NAME =
      Pattern.compile(".*\\.(json|json\\.gz|gz|zip)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SUBJECT_REPORT_ID =
      Pattern.compile("Report-ID:\\s*(<([^>]*)>|(\\S+))", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADER_LINE = Pattern.compile("^[\\x21-\\x39\\x3B-\\x7E]+:");

  private ReportEmail() {}

  /** Whether the input starts with a header field, as an email does. */
  static boolean looksLikeEmail(byte[] data) {
    int end = 0;
    while (end < data.length && end < 1000 && data[end] != '\n') {
      end++;
    }
    String firstLine = new String(data, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
    return HEADER_LINE.matcher(firstLine).find();
  }

  static ReadReport read(
      byte[] message, ReportReader.Limits limits, PayloadReader payloads, List<Problem> warnings)
      throws Rejection {
    Collector collector = new Collector(limits);
    MimeConfig config =
        MimeConfig.custom()
            .setMaxHeaderCount(limits.maxEmailHeaders())
            .setMaxLineLen(limits.maxEmailLineLength())
            .setMaxHeaderLen(limits.maxEmailLineLength())
            .setMaxContentLen(limits.maxInputBytes())
            .build();
    MimeStreamParser parser = new MimeStreamParser(config);
    parser.setContentDecoding(true); // base64 and quoted-printable
    parser.setContentHandler(collector);
    try {
      parser.parse(new ByteArrayInputStream(message));
    } catch (MimeException e) {
      throw new Rejection("REPORT_EMAIL_INVALID", "the email cannot be parsed: " + e.getMessage());
    } catch (IOException e) {
      throw new Rejection("REPORT_EMAIL_INVALID", "the email cannot be read: " + e.getMessage());
    }
    if (collector.rejection != null) {
      throw collector.rejection;
    }
    if (collector.candidates.isEmpty()) {
      throw new Rejection(
          "REPORT_NOT_A_REPORT",
          "the email has no TLS report part (application/tlsrpt+gzip or application/tlsrpt+json)");
    }
    // Every part tried inflates from one budget: many bombs cost no more than one.
    InflationBudget budget = new InflationBudget(limits.maxDecompressedBytes());
    Rejection first = null;
    List<Candidate> candidates = collector.candidates;
    for (int tried = 0; tried < candidates.size(); tried++) {
      Candidate candidate = candidates.get(tried);
      if (budget.spent() && first != null) {
        throw inflationLimit(first, budget, candidates.size() - tried, candidates.size());
      }
      List<Problem> partWarnings = new ArrayList<>(candidate.warnings());
      try {
        Report report = payloads.read(candidate.content(), budget, partWarnings);
        warnings.addAll(partWarnings);
        warnings.addAll(collector.structureWarnings);
        EmailEnvelope envelope = collector.envelope(candidate, report, warnings);
        return new ReadReport(report, Optional.of(envelope));
      } catch (Rejection rejection) {
        if (first == null) {
          first = rejection;
        }
      }
    }
    throw first;
  }

  private static Rejection inflationLimit(
      Rejection first, InflationBudget budget, int untried, int parts) {
    List<Problem> problems = new ArrayList<>(first.problems());
    problems.add(
        Problem.of(
            "REPORT_EMAIL_INFLATION_LIMIT",
            "the report parts of this email inflate to more than "
                + budget.limit()
                + " bytes in all; "
                + untried
                + " of "
                + parts
                + " report parts were not tried"));
    return new Rejection(problems);
  }

  private record Candidate(byte[] content, Optional<String> fileName, List<Problem> warnings) {}

  /** Collects top-level headers and report-candidate parts as Mime4j streams the message. */
  private static final class Collector extends AbstractContentHandler {
    private final ReportReader.Limits limits;
    private final Map<String, String> topHeaders = new LinkedHashMap<>();
    private final Map<String, String> entityHeaders = new LinkedHashMap<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Problem> structureWarnings = new ArrayList<>();
    private Rejection rejection;
    private int headerBlocks;
    private boolean sawFirstPart;
    private String topType;
    private String reportType;

    Collector(ReportReader.Limits limits) {
      this.limits = limits;
    }

    @Override
    public void startHeader() {
      headerBlocks++;
      entityHeaders.clear();
    }

    @Override
    public void field(Field field) {
      String name = field.getName().toLowerCase(Locale.ROOT);
      String value = MimeUtil.unfold(field.getBody()).strip();
      entityHeaders.putIfAbsent(name, value);
      if (headerBlocks == 1) {
        topHeaders.putIfAbsent(name, value);
      }
    }

    @Override
    public void startMultipart(BodyDescriptor descriptor) {
      if (topType == null) {
        topType = descriptor.getMimeType().toLowerCase(Locale.ROOT);
        reportType = parameter("content-type", "report-type").orElse(null);
      }
    }

    @Override
    public void body(BodyDescriptor descriptor, InputStream content) throws IOException {
      String type = descriptor.getMimeType().toLowerCase(Locale.ROOT);
      if (topType == null) {
        topType = type;
      }
      boolean firstPart = !sawFirstPart && headerBlocks > 1;
      sawFirstPart |= headerBlocks > 1;
      if (firstPart && type.equals("text/html")) {
        structureWarnings.add(
            Problem.of(
                "EMAIL_HTML_PART",
                "the human-readable part is text/html; RFC 8460 §5.3 expects text/plain"));
      }
      if (rejection != null || !(REPORT_TYPES.contains(type) || GENERIC_TYPES.contains(type))) {
        return;
      }
      if (candidates.size() >= limits.maxEmailReportParts()) {
        // Refused before this part is even read: a report email has one report part (§5.3).
        rejection =
            new Rejection(
                "REPORT_EMAIL_TOO_MANY_PARTS",
                "the email has more than "
                    + limits.maxEmailReportParts()
                    + " parts that could hold a report; a report email has one (RFC 8460 §5.3)");
        return;
      }
      Optional<String> fileName =
          parameter("content-disposition", "filename").or(() -> parameter("content-type", "name"));
      byte[] bytes;
      try {
        bytes = Decompression.readAtMost(content, limits.maxInputBytes(), "the report part");
      } catch (Rejection tooLarge) {
        rejection = tooLarge;
        return;
      }
      List<Problem> partWarnings = new ArrayList<>();
      if (!REPORT_TYPES.contains(type)) {
        boolean reportContent =
            Decompression.isGzip(bytes)
                || Decompression.isZip(bytes)
                || ReportJson.looksLikeJson(bytes);
        boolean reportName = fileName.filter(n -> REPORT_NAME.matcher(n).matches()).isPresent();
        if (!type.equals("application/tlsrpt") && !reportContent && !reportName) {
          return;
        }
        partWarnings.add(
            Problem.of(
                "EMAIL_MEDIA_TYPE_NONSTANDARD",
                "the report part is "
                    + type
                    + "; RFC 8460 §5.3 names application/tlsrpt+gzip or application/tlsrpt+json"));
      }
      candidates.add(new Candidate(bytes, fileName, partWarnings));
    }

    private Optional<String> parameter(String header, String name) {
      String value = entityHeaders.get(header);
      if (value == null) {
        return Optional.empty();
      }
      RawBody body = RawFieldParser.DEFAULT.parseRawBody(new RawField(header, value));
      for (NameValuePair pair : body.getParams()) {
        if (pair.getName().equalsIgnoreCase(name) && pair.getValue() != null) {
          return Optional.of(pair.getValue());
        }
      }
      return Optional.empty();
    }

    EmailEnvelope envelope(Candidate candidate, Report report, List<Problem> warnings) {
      if (!"multipart/report".equals(topType)) {
        warnings.add(
            Problem.of(
                "EMAIL_NOT_MULTIPART_REPORT",
                "the email is " + topType + ", not multipart/report (RFC 8460 §5.3)"));
      } else if (reportType == null || !reportType.equalsIgnoreCase("tlsrpt")) {
        warnings.add(
            Problem.of(
                "EMAIL_REPORT_TYPE_MISSING",
                "multipart/report without report-type=tlsrpt (RFC 8460 §5.3)"));
      }
      Optional<String> domain = header("tls-report-domain", warnings);
      Optional<String> submitter = header("tls-report-submitter", warnings);
      Optional<String> subject =
          Optional.ofNullable(topHeaders.get("subject"))
              .map(s -> DecoderUtil.decodeEncodedWords(s, DecodeMonitor.SILENT));
      Optional<String> subjectId = subject.flatMap(s -> subjectReportId(s, warnings));
      subjectId
          .filter(id -> !id.equals(report.reportId()))
          .ifPresent(
              id ->
                  warnings.add(
                      Problem.of(
                          "EMAIL_REPORT_ID_MISMATCH",
                          "the Subject's Report-ID "
                              + id
                              + " differs from the report's report-id "
                              + report.reportId()
                              + "; the report wins (RFC 8460 §5.6)")));
      checkSubmitter(submitter, report, warnings);
      checkDomain(domain, report, warnings);
      return new EmailEnvelope(domain, submitter, subject, subjectId, candidate.fileName());
    }

    private Optional<String> header(String name, List<Problem> warnings) {
      Optional<String> value = Optional.ofNullable(topHeaders.get(name)).filter(v -> !v.isEmpty());
      if (value.isEmpty()) {
        warnings.add(
            Problem.of(
                "EMAIL_HEADER_MISSING", "the " + name + " header is missing (RFC 8460 §5.3)"));
      }
      return value;
    }

    private static Optional<String> subjectReportId(String subject, List<Problem> warnings) {
      Matcher matcher = SUBJECT_REPORT_ID.matcher(subject);
      if (!matcher.find()) {
        return Optional.empty();
      }
      if (matcher.group(2) != null) {
        return Optional.of(matcher.group(2));
      }
      warnings.add(
          Problem.of(
              "EMAIL_REPORT_ID_UNBRACKETED",
              "the Subject's Report-ID is not in <...> (RFC 8460 §5.3)"));
      return Optional.of(matcher.group(3));
    }

    // RFC 8460 §5.3: TLS-Report-Submitter MUST match the domain of contact-info.
    private static void checkSubmitter(
        Optional<String> submitter, Report report, List<Problem> warnings) {
      Optional<String> contactDomain =
          report
              .contactInfo()
              .filter(c -> c.contains("@"))
              .map(c -> c.substring(c.lastIndexOf('@') + 1));
      if (submitter.isPresent()
          && contactDomain.isPresent()
          && !submitter.get().equalsIgnoreCase(contactDomain.get())) {
        warnings.add(
            Problem.of(
                "EMAIL_SUBMITTER_MISMATCH",
                "TLS-Report-Submitter "
                    + submitter.get()
                    + " differs from the contact-info domain "
                    + contactDomain.get()));
      }
    }

    private static void checkDomain(
        Optional<String> domain, Report report, List<Problem> warnings) {
      List<String> policyDomains =
          report.policies().stream().flatMap(p -> p.policy().policyDomain().stream()).toList();
      if (domain.isPresent()
          && !policyDomains.isEmpty()
          && policyDomains.stream().noneMatch(d -> d.equalsIgnoreCase(domain.get()))) {
        warnings.add(
            Problem.of(
                "EMAIL_REPORT_DOMAIN_MISMATCH",
                "TLS-Report-Domain "
                    + domain.get()
                    + " is not a policy-domain of the report "
                    + policyDomains));
      }
    }
  }
}
