package dev.mtasts.core.policy;

import dev.mtasts.core.ParseResult;
import java.util.List;
import java.util.Objects;

/**
 * The {@code _mta-sts} TXT record (RFC 8461 §3.1): the policy {@code id} that tells senders when to
 * fetch the policy again, and any extension fields.
 *
 * @throws IllegalArgumentException from the constructor if {@code id} is not 1 to 32 letters and
 *     digits
 */
public record StsRecord(String id, List<Extension> extensions) {
  /** The version field every record starts with (RFC 8461 §3.1 {@code sts-version}). */
  public static final String VERSION_FIELD = "v=STSv1";

  public StsRecord {
    Objects.requireNonNull(id, "id");
    extensions = List.copyOf(extensions);
    if (!StsRecordParser.isValidId(id)) {
      throw new IllegalArgumentException("id must be 1 to 32 letters and digits: " + id);
    }
  }

  /**
   * Reads one record (after the strings of a multi-string TXT record have been concatenated);
   * returns every error found, with its 1-based column (line 1).
   */
  public static ParseResult<StsRecord> parse(String txt) {
    return StsRecordParser.parse(txt);
  }

  /**
   * Chooses the record among all TXT records at {@code _mta-sts} (RFC 8461 §3.1): records that do
   * not begin with the version field are discarded; none left means no MTA-STS; more than one means
   * no usable policy.
   */
  public static StsRecordSelection select(List<String> txtRecords) {
    List<String> candidates =
        txtRecords.stream().filter(StsRecordParser::beginsWithVersion).toList();
    return switch (candidates.size()) {
      case 0 -> new StsRecordSelection.None();
      case 1 -> new StsRecordSelection.One(candidates.getFirst(), parse(candidates.getFirst()));
      default -> new StsRecordSelection.Multiple(candidates);
    };
  }

  /** The canonical record text, e.g. {@code v=STSv1; id=20160831085700Z;} as in §3.1. */
  public String toText() {
    StringBuilder text = new StringBuilder(VERSION_FIELD).append("; id=").append(id).append(';');
    extensions.forEach(
        e -> text.append(' ').append(e.name()).append('=').append(e.value()).append(';'));
    return text.toString();
  }
}
