package dev.mtasts.app.listen;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A daemon's part could not start for a reason its configuration can mend (a socket path in a
 * directory that does not exist, an unreadable key file): the one-line message names the key and
 * the value. Long-running commands let it reach {@code Main}, which prints the message, not a stack
 * trace, and exits 2.
 */
public final class CannotStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** {@code message} begins with the configuration key, e.g. "tlsrpt_reporting.socket ...". */
  public CannotStartException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Why {@code cause} failed, in words for the operator: file system errors name the path and the
   * error without Java's class names.
   */
  public static String reason(Throwable cause) {
    return switch (cause) {
      case NoSuchFileException e -> "no such file or directory: " + e.getFile();
      case AccessDeniedException e -> "permission denied: " + e.getFile();
      case FileAlreadyExistsException e -> "already exists: " + e.getFile();
      case NotDirectoryException e -> "not a directory: " + e.getFile();
      case FileSystemException e when e.getReason() != null -> e.getReason() + ": " + e.getFile();
      default ->
          cause.getMessage() == null || cause.getMessage().isBlank()
              ? cause.getClass().getSimpleName()
              : cause.getMessage();
    };
  }

  /** As above, without a cause. */
  public CannotStartException(String message) {
    super(message);
  }
}
