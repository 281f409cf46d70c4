package dev.mtasts.core.dkim;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Internal: the header data a signature signs (RFC 6376 §3.7, §5.4.2). */
final class SignedHeaders {

  private SignedHeaders() {}

  /**
   * The canonical fields named by {@code h=}, each occurrence taking the last not yet used field of
   * that name (bottom up); a name with none left adds nothing, which is how over-signing stops
   * added fields. Then the DKIM-Signature itself with {@code b=} empty and no final CRLF.
   */
  static byte[] data(DkimSignature signature, List<HeaderField> fields) {
    Canonicalization canonicalization = signature.headerCanonicalization();
    boolean[] used = new boolean[fields.size()];
    StringBuilder data = new StringBuilder();
    for (String name : signature.signedFields()) {
      for (int i = fields.size() - 1; i >= 0; i--) {
        if (!used[i] && fields.get(i).is(name)) {
          used[i] = true;
          data.append(canonicalization.header(fields.get(i)));
          break;
        }
      }
    }
    String own = canonicalization.header(signature.withoutSignatureValue());
    data.append(own, 0, own.length() - 2);
    return data.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
