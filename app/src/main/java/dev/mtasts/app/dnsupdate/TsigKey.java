package dev.mtasts.app.dnsupdate;

import dev.mtasts.core.FileFailure;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key (RFC 8945) that signs dynamic updates. The secret comes from a file of its own and is
 * never printed: {@link #toString()} leaves it out.
 *
 * @param name the key's name as the DNS server knows it, e.g. {@code mtasts-update}
 * @param algorithm one of {@link #ALGORITHMS}
 * @param secret the shared secret, base64 as in the file
 */
public record TsigKey(String name, String algorithm, String secret) {

  /** The HMAC-SHA2 algorithms (RFC 8945 §6); HMAC-MD5 and HMAC-SHA1 are not accepted. */
  public static final List<String> ALGORITHMS =
      List.of("hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");

  public static final String DEFAULT_ALGORITHM = "hmac-sha256";

  static final String INVALID = "TSIG_KEY_INVALID";

  /**
   * Reads the key's secret from {@code secretFile}: its base64 text, surrounding whitespace
   * ignored.
   */
  public static ParseResult<TsigKey> load(String name, String algorithm, Path secretFile) {
    String chosen = algorithm.toLowerCase(Locale.ROOT);
    if (!ALGORITHMS.contains(chosen)) {
      return error("algorithm must be one of " + String.join(", ", ALGORITHMS) + ": " + algorithm);
    }
    try {
      Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      return error("name is not a DNS name: " + name);
    }
    String text;
    try {
      text = Files.readString(secretFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return error("secret_file " + FileFailure.message(secretFile, e));
    }
    try {
      if (text.isEmpty() || Base64.getDecoder().decode(text).length == 0) {
        return error("secret_file " + secretFile + " is empty");
      }
    } catch (IllegalArgumentException e) {
      return error("secret_file " + secretFile + " does not hold a base64 secret");
    }
    return ParseResult.ok(new TsigKey(name, chosen, text));
  }

  /** The dnsjava signer. */
  TSIG signer() {
    return new TSIG(TSIG.algorithmToName(algorithm), name, secret);
  }

  @Override
  public String toString() {
    return "TsigKey[" + name + ", " + algorithm + "]";
  }

  private static ParseResult<TsigKey> error(String message) {
    return ParseResult.err(Problem.of(INVALID, message));
  }
}
