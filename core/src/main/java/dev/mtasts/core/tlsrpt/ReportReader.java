package dev.mtasts.core.tlsrpt;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a TLS report from untrusted bytes: JSON (RFC 8460 §4.4), gzip (§5.2), zip, or a whole
 * report email (§5.3). The format is detected from the content, never from a name. Deviations of
 * real senders are accepted with warnings; anything else is an error with a stable {@code REPORT_*}
 * code, never an exception. All work is bounded by {@link Limits}. Thread-safe: one reader can
 * serve every thread.
 */
public final class ReportReader {

  /**
   * Bounds for hostile input.
   *
   * @param maxInputBytes the raw input (compressed report or email)
   * @param maxDecompressedBytes the JSON after gzip or zip (mox uses 20 MB); for an email, every
   *     report part tried together
   * @param maxJsonDepth JSON nesting depth (a report needs 5)
   * @param maxStringLength one JSON string
   * @param maxPolicies entries of {@code policies}
   * @param maxFailureDetailsPerPolicy entries of one {@code failure-details}
   * @param maxZipEntries zip entries looked at before giving up
   * @param maxEmailHeaders header fields per email entity
   * @param maxEmailLineLength one line of the email, and one unfolded header
   * @param maxEmailReportParts report parts (by media type, name or content) an email may have; an
   *     email with more is refused before any is read
   */
  public record Limits(
      long maxInputBytes,
      long maxDecompressedBytes,
      int maxJsonDepth,
      int maxStringLength,
      int maxPolicies,
      int maxFailureDetailsPerPolicy,
      int maxZipEntries,
      int maxEmailHeaders,
      int maxEmailLineLength,
      int maxEmailReportParts) {

    private static final long MIB = 1024 * 1024;

    /** A report email has one report part (RFC 8460 §5.3); a few more are tolerated. */
    public static final int DEFAULT_EMAIL_REPORT_PARTS = 8;

    /** Defaults sized for the largest real reports with a wide margin. */
    public static final Limits DEFAULT =
        new Limits(20 * MIB, 20 * MIB, 16, 1024 * 1024, 10_000, 100_000, 16, 1000, 64 * 1024);

    /** These limits with {@link #DEFAULT_EMAIL_REPORT_PARTS} report parts per email. */
    public Limits(
        long maxInputBytes,
        long maxDecompressedBytes,
        int maxJsonDepth,
        int maxStringLength,
        int maxPolicies,
        int maxFailureDetailsPerPolicy,
        int maxZipEntries,
        int maxEmailHeaders,
        int maxEmailLineLength) {
      this(
          maxInputBytes,
          maxDecompressedBytes,
          maxJsonDepth,
          maxStringLength,
          maxPolicies,
          maxFailureDetailsPerPolicy,
          maxZipEntries,
          maxEmailHeaders,
          maxEmailLineLength,
          DEFAULT_EMAIL_REPORT_PARTS);
    }

    public Limits {
      if (maxInputBytes < 1
          || maxDecompressedBytes < 1
          || maxJsonDepth < 1
          || maxStringLength < 1
          || maxPolicies < 1
          || maxFailureDetailsPerPolicy < 1
          || maxZipEntries < 1
          || maxEmailHeaders < 1
          || maxEmailLineLength < 1
          || maxEmailReportParts < 1) {
        throw new IllegalArgumentException("every limit is at least 1: " + this);
      }
    }
  }

  private final Limits limits;
  private final ReportJson.Factories jsonFactories;

  public ReportReader() {
    this(Limits.DEFAULT);
  }

  public ReportReader(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.jsonFactories = ReportJson.Factories.of(limits);
  }

  /**
   * Reads at most {@code maxInputBytes} from the stream and then the report in it.
   *
   * @throws IOException only when the stream itself fails; bad content is an {@link
   *     ParseResult.Err}
   */
  public ParseResult<ReadReport> read(InputStream in) throws IOException {
    try {
      return read(Decompression.readAtMost(in, limits.maxInputBytes(), "the input"));
    } catch (Rejection rejection) {
      return ParseResult.err(rejection.problems(), List.of());
    }
  }

  /** Reads the report in these bytes. */
  public ParseResult<ReadReport> read(byte[] input) {
    List<Problem> warnings = new ArrayList<>();
    try {
      if (input.length > limits.maxInputBytes()) {
        throw new Rejection(
            "REPORT_TOO_LARGE",
            "the input is larger than the limit of " + limits.maxInputBytes() + " bytes");
      }
      if (input.length == 0) {
        throw new Rejection("REPORT_NOT_JSON", "the input is empty");
      }
      if (!Decompression.isGzip(input)
          && !Decompression.isZip(input)
          && !ReportJson.looksLikeJson(input)
          && ReportEmail.looksLikeEmail(input)) {
        return ParseResult.ok(ReportEmail.read(input, limits, this::payload, warnings), warnings);
      }
      InflationBudget budget = new InflationBudget(limits.maxDecompressedBytes());
      return ParseResult.ok(
          new ReadReport(payload(input, budget, warnings), Optional.empty()), warnings);
    } catch (Rejection rejection) {
      return ParseResult.err(rejection.problems(), warnings);
    }
  }

  /** A report body: JSON, gzip of JSON (§5.2), or zip of either, inflated within {@code budget}. */
  private Report payload(byte[] payload, InflationBudget budget, List<Problem> warnings)
      throws Rejection {
    byte[] json = payload;
    if (Decompression.isZip(json)) {
      json = Decompression.unzipReport(json, budget, limits.maxZipEntries());
    }
    if (Decompression.isGzip(json)) {
      json = Decompression.gunzip(json, budget);
    }
    if (!ReportJson.looksLikeJson(json)) {
      throw new Rejection(
          "REPORT_NOT_JSON",
          "the content is neither a JSON object, gzip, zip nor an email (RFC 8460 §4, §5)");
    }
    return ReportJson.parse(json, limits, jsonFactories, warnings);
  }
}
