package dev.mtasts.core.policy;

/**
 * How strictly a policy file is read (RFC 8461 §3.2). The domain owner is told the grammar; a
 * sending MTA applies what the owner evidently meant, as real senders do (be liberal in what you
 * accept). Either way a deviation is reported, never passed over in silence.
 */
public enum Leniency {
  /**
   * The ABNF exactly: every deviation is an error. For telling the domain owner what to fix ({@code
   * check}, {@code policy match}).
   */
  STRICT,

  /**
   * For applying a policy as a sender: {@link #STRICT}, except that deviations which leave the
   * meaning unambiguous are read past with a warning carrying the code {@link #STRICT} reports as
   * an error:
   *
   * <ul>
   *   <li>{@code POLICY_BLANK_LINE}: empty or whitespace-only lines anywhere, including several
   *       line endings (LF or CRLF) at the end; they hold no field.
   *   <li>{@code POLICY_BOM}: a byte order mark at the start, an encoding signature and not text
   *       (RFC 3629 §6).
   *   <li>{@code POLICY_INVALID_CHARACTER}: a CR not followed by LF, read as a line ending (as old
   *       Mac files and trimmed CRLF files end their lines).
   * </ul>
   *
   * Everything that could change what the policy says stays an error: a line that is not {@code
   * name: value} (whitespace before the name may mean a folded line), an unknown version or mode, a
   * bad {@code max_age}, a missing field, an invalid {@code mx} pattern, other control characters.
   */
  SENDER
}
