package dev.mtasts.core.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict, bounded reader of one HTTP/1.1 response (RFC 9112) to a GET sent with {@code
 * Connection: close}. It refuses what a careful client should: overlong lines, too many header
 * fields, obsolete line folding, malformed field names, conflicting lengths, unknown transfer
 * codings, and bodies over the limit (it stops reading there). Every refusal is an {@link
 * HttpResponseException}; an {@link IOException} means the transport failed (a timeout, a reset).
 */
final class HttpResponseReader {

  static final int MAX_LINE_BYTES = 8 * 1024;
  static final int MAX_HEAD_BYTES = 64 * 1024;
  static final int MAX_HEADER_FIELDS = 100;
  private static final int MAX_INTERIM_RESPONSES = 5;

  // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
  private static final Pattern STATUS_LINE =
      Pattern.compile("HTTP/1\\.[01] ([1-9][0-9]{2})(?: (.*))?");
  // RFC 9110 §5.1, §5.6.2: field-name = token
  private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern CHUNK_SIZE = Pattern.compile("([0-9A-Fa-f]{1,8})[ \\t]*(?:;.*)?");

  private final InputStream in;
  private int lineBytes;

  HttpResponseReader(InputStream in) {
    this.in = in;
  }

  /** Reads the status line and header fields, skipping interim 1xx responses (RFC 9110 §15.2). */
  ResponseHead readHead() throws IOException, HttpResponseException {
    for (int interim = 0; interim <= MAX_INTERIM_RESPONSES; interim++) {
      ResponseHead head = readOneHead();
      if (head.status() == 101) {
        throw malformed("101 Switching Protocols to a request that asked for no upgrade");
      }
      if (head.status() >= 200) {
        return head;
      }
    }
    throw malformed("more than " + MAX_INTERIM_RESPONSES + " interim 1xx responses");
  }

  /**
   * Reads the body framed as RFC 9112 §6.3 says, refusing to read more than {@code maxBytes}.
   *
   * @throws HttpResponseException {@link FetchFailure#TOO_LARGE} past the limit, {@link
   *     FetchFailure#MALFORMED_RESPONSE} for bad framing or a body cut short
   */
  byte[] readBody(ResponseHead head, int maxBytes) throws IOException, HttpResponseException {
    List<String> codings = head.all("Transfer-Encoding");
    if (!codings.isEmpty()) {
      String joined = String.join(",", codings).strip().toLowerCase(Locale.ROOT);
      if (!joined.equals("chunked")) {
        throw malformed("unsupported Transfer-Encoding '" + joined + "'");
      }
      return readChunked(maxBytes);
    }
    List<String> lengths = head.all("Content-Length");
    if (!lengths.isEmpty()) {
      return readFixed(contentLength(lengths), maxBytes);
    }
    return readToEnd(maxBytes);
  }

  private ResponseHead readOneHead() throws IOException, HttpResponseException {
    String statusLine = readLine("status line");
    Matcher m = STATUS_LINE.matcher(statusLine);
    if (!m.matches()) {
      throw malformed("not an HTTP/1.x status line: " + quote(statusLine));
    }
    List<ResponseHead.Header> headers = new ArrayList<>();
    while (true) {
      String line = readLine("header fields");
      if (line.isEmpty()) {
        break;
      }
      headers.add(headerField(line));
      if (headers.size() > MAX_HEADER_FIELDS) {
        throw malformed("more than " + MAX_HEADER_FIELDS + " header fields");
      }
    }
    return new ResponseHead(
        Integer.parseInt(m.group(1)), m.group(2) == null ? "" : m.group(2), headers);
  }

  private static ResponseHead.Header headerField(String line) throws HttpResponseException {
    if (line.startsWith(" ") || line.startsWith("\t")) {
      throw malformed("obsolete line folding in header fields (RFC 9112 §5.2)");
    }
    int colon = line.indexOf(':');
    if (colon <= 0 || !FIELD_NAME.matcher(line.substring(0, colon)).matches()) {
      throw malformed("malformed header field: " + quote(line));
    }
    return new ResponseHead.Header(line.substring(0, colon), line.substring(colon + 1).strip());
  }

  private static long contentLength(List<String> values) throws HttpResponseException {
    String first = values.getFirst().strip();
    for (String value : values) {
      // RFC 9112 §6.3: differing Content-Length values make the framing unrecoverable.
      if (!value.strip().equals(first)) {
        throw malformed("conflicting Content-Length values " + values);
      }
    }
    if (!first.matches("[0-9]{1,18}")) {
      throw malformed("invalid Content-Length " + quote(first));
    }
    return Long.parseLong(first);
  }

  private byte[] readFixed(long length, int maxBytes) throws IOException, HttpResponseException {
    if (length > maxBytes) {
      throw tooLarge("Content-Length " + length, maxBytes);
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw malformed("body ended after " + body.length + " of " + length + " bytes");
    }
    return body;
  }

  private byte[] readToEnd(int maxBytes) throws IOException, HttpResponseException {
    byte[] body = in.readNBytes(maxBytes + 1);
    if (body.length > maxBytes) {
      throw tooLarge("the body", maxBytes);
    }
    return body;
  }

  // RFC 9112 §7.1: chunked-body = *chunk last-chunk trailer-section CRLF
  private byte[] readChunked(int maxBytes) throws IOException, HttpResponseException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    lineBytes = 0; // the chunk framing gets its own line budget
    while (true) {
      String sizeLine = readLine("chunk size");
      Matcher m = CHUNK_SIZE.matcher(sizeLine);
      if (!m.matches()) {
        throw malformed("malformed chunk size line " + quote(sizeLine));
      }
      long size = Long.parseLong(m.group(1), 16);
      if (size == 0) {
        break;
      }
      if (body.size() + size > maxBytes) {
        throw tooLarge("the chunked body", maxBytes);
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length < size) {
        throw malformed("chunk ended after " + chunk.length + " of " + size + " bytes");
      }
      body.write(chunk);
      if (!readLine("chunk end").isEmpty()) {
        throw malformed("chunk data longer than its declared size");
      }
    }
    for (int fields = 0; !readLine("trailer fields").isEmpty(); fields++) {
      if (fields >= MAX_HEADER_FIELDS) {
        throw malformed("more than " + MAX_HEADER_FIELDS + " trailer fields");
      }
    }
    return body.toByteArray();
  }

  /**
   * One line ending in CRLF (or a bare LF, which RFC 9112 §2.2 lets a recipient accept), without
   * its ending. Control characters other than HT are refused.
   */
  private String readLine(String where) throws IOException, HttpResponseException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw malformed("connection closed in the " + where + " after " + lineBytes + " bytes");
      }
      lineBytes++;
      if (lineBytes > MAX_HEAD_BYTES) {
        throw malformed("more than " + MAX_HEAD_BYTES + " bytes of lines in the " + where);
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
        throw malformed("bare CR in the " + where);
      }
      if ((b < 0x20 && b != '\t' && b != '\r') || b == 0x7f) {
        throw malformed("control character 0x" + Integer.toHexString(b) + " in the " + where);
      }
      if (line.length() >= MAX_LINE_BYTES) {
        throw malformed("line in the " + where + " longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.append((char) b);
    }
  }

  private static String quote(String text) {
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return "'"
        + new String(cut.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII)
        + "'";
  }

  private static HttpResponseException malformed(String message) {
    return new HttpResponseException(FetchFailure.MALFORMED_RESPONSE, message);
  }

  private static HttpResponseException tooLarge(String what, int maxBytes) {
    return new HttpResponseException(
        FetchFailure.TOO_LARGE, what + " is larger than " + maxBytes + " bytes (RFC 8461 §3.3)");
  }
}
