package dev.mtasts.app.intake;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a report came from, stored with it and counted in metrics.
 *
 * @param name the kind of source: {@link #HTTPS}, {@link #SMTP}, {@link #IMAP} or {@link #IMPORT}
 * @param detail the peer address, file name or mailbox message, when known
 */
public record Source(String name, Optional<String> detail) {

  /** RFC 8460 §5.4 upload ({@code POST /v1/tlsrpt}). */
  public static final String HTTPS = "https";

  /** RFC 8460 §5.3 mail delivered to the SMTP listener. */
  public static final String SMTP = "smtp";

  /** RFC 8460 §5.3 mail fetched from a mailbox. */
  public static final String IMAP = "imap";

  /** {@code report import}: files, folders, or an MTA's pipe. */
  public static final String IMPORT = "import";

  public Source {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
  }

  public static Source of(String name, String detail) {
    return new Source(name, Optional.ofNullable(detail));
  }
}
