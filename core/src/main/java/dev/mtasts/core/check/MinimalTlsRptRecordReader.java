package dev.mtasts.core.check;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The RFC 8460 §3 record rules the check needs until the full TLS-RPT record parser is available:
 * exactly one record starting with {@code v=TLSRPTv1}, holding a {@code rua} field with at least
 * one mailto or https URI.
 */
final class MinimalTlsRptRecordReader implements TlsRptRecordReader {

  private static final String VERSION = "v=TLSRPTv1";

  @Override
  public ParseResult<String> select(List<String> txtRecords) {
    List<String> candidates = txtRecords.stream().filter(t -> t.startsWith(VERSION)).toList();
    if (candidates.isEmpty()) {
      return ParseResult.err(
          Problem.of("TLSRPT_RECORD_NONE", "no TXT record starts with " + VERSION));
    }
    if (candidates.size() > 1) {
      return ParseResult.err(
          Problem.of(
              "TLSRPT_RECORD_MULTIPLE",
              candidates.size() + " TXT records start with " + VERSION + ": " + candidates));
    }
    String record = candidates.getFirst();
    List<String> rua =
        Arrays.stream(record.split(";"))
            .map(String::strip)
            .filter(f -> f.startsWith("rua="))
            .flatMap(f -> Arrays.stream(f.substring(4).split(",")))
            .map(String::strip)
            .toList();
    if (rua.isEmpty()) {
      return ParseResult.err(Problem.of("TLSRPT_RECORD_RUA_MISSING", "the record has no rua="));
    }
    boolean supported =
        rua.stream()
            .map(u -> u.toLowerCase(Locale.ROOT))
            .anyMatch(u -> u.startsWith("mailto:") || u.startsWith("https:"));
    if (!supported) {
      return ParseResult.err(
          Problem.of("TLSRPT_RUA_UNSUPPORTED", "no mailto: or https: URI among " + rua));
    }
    return ParseResult.ok(record);
  }
}
