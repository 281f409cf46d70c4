package dev.mtasts.app.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin token in {@code <data>/admin-token} (docs/configuration.md): created on first start
 * with 256 random bits, mode 0600 from its creation (never readable by others, not even briefly),
 * and read on later starts.
 *
 * @param file where it is
 * @param value the token
 * @param created whether this start created it
 */
public record AdminToken(Path file, String value, boolean created) {

  public static final String FILE_NAME = "admin-token";

  /** Reads the token in {@code data}, creating it (and {@code data}) when missing. */
  public static AdminToken inDataDirectory(Path data) throws IOException {
    Files.createDirectories(data);
    Path file = data.resolve(FILE_NAME);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, fresh + "\n", StandardCharsets.US_ASCII);
      return new AdminToken(file, fresh, true);
    } catch (FileAlreadyExistsException e) {
      String existing = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (existing.isEmpty()) {
        throw new IOException(file + " is empty; delete it to have a new token created", e);
      }
      return new AdminToken(file, existing, false);
    }
  }

  @Override
  public String toString() {
    return "AdminToken[" + file + "]"; // never the value
  }
}
