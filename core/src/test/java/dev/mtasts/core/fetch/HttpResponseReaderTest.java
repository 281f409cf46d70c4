package dev.mtasts.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpResponseReaderTest {

  private static final int LIMIT = 64 * 1024;

  static Stream<Arguments> good() {
    return Stream.of(
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, "hello"),
        Arguments.of("HTTP/1.1 200 OK\nContent-Length: 5\n\nhello", 200, "hello"),
        Arguments.of("HTTP/1.1 200\r\n\r\nhello", 200, "hello"),
        Arguments.of("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 200, ""),
        Arguments.of(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            200,
            "ok"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n3;x=y\r\nllo\r\n0\r\nX-T: 1\r\n\r\n",
            200,
            "hello"),
        Arguments.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
            200,
            "hello"));
  }

  @ParameterizedTest
  @MethodSource
  void good(String response, int status, String body) throws Exception {
    HttpResponseReader reader = reader(response);
    ResponseHead head = reader.readHead();
    assertThat(head.status()).isEqualTo(status);
    assertThat(new String(reader.readBody(head, LIMIT), StandardCharsets.ISO_8859_1))
        .isEqualTo(body);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        row("", FetchFailure.MALFORMED_RESPONSE, "closed"),
        row("HTTP/2 200\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "status line"),
        row("HTTP/1.1 20 OK\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "status line"),
        row("HTTP/1.1 099 OK\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "status line"),
        row("http/1.1 200 OK\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "status line"),
        row("HTTP/1.1 101 Switching\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "101"),
        row("HTTP/1.1 100 A\r\n\r\n".repeat(7), FetchFailure.MALFORMED_RESPONSE, "interim"),
        row("HTTP/1.1 200 OK\r\nContent-Type: text/pl", FetchFailure.MALFORMED_RESPONSE, "closed"),
        row("HTTP/1.1 200 OK\r\n folded\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "folding"),
        row("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "header"),
        row("HTTP/1.1 200 OK\r\n: x\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "header"),
        row("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "header"),
        row("HTTP/1.1 200 OK\rX: y\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "bare CR"),
        row("HTTP/1.1 200 OK\r\nX: \u0000\r\n\r\n", FetchFailure.MALFORMED_RESPONSE, "control"),
        row(
            "HTTP/1.1 200 OK\r\nX: " + "a".repeat(9000) + "\r\n\r\n",
            FetchFailure.MALFORMED_RESPONSE,
            "longer than"),
        row(
            "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(101) + "\r\n",
            FetchFailure.MALFORMED_RESPONSE,
            "header fields"),
        row(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            FetchFailure.MALFORMED_RESPONSE,
            "conflicting"),
        row(
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            FetchFailure.MALFORMED_RESPONSE,
            "Content-Length"),
        row(
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            FetchFailure.MALFORMED_RESPONSE,
            "ended"),
        row(
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n",
            FetchFailure.TOO_LARGE,
            "larger"),
        row(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            FetchFailure.MALFORMED_RESPONSE,
            "Transfer-Encoding"),
        row(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            FetchFailure.MALFORMED_RESPONSE,
            "chunk size"),
        row(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloEXTRA\r\n0\r\n\r\n",
            FetchFailure.MALFORMED_RESPONSE,
            "declared size"),
        row(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
            FetchFailure.MALFORMED_RESPONSE,
            "chunk ended"),
        row(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFF\r\n",
            FetchFailure.TOO_LARGE,
            "larger"),
        row("HTTP/1.1 200 OK\r\n\r\n" + "a".repeat(LIMIT + 1), FetchFailure.TOO_LARGE, "larger"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void bad(String response, FetchFailure failure, String reason) {
    assertThatThrownBy(
            () -> {
              HttpResponseReader reader = reader(response);
              reader.readBody(reader.readHead(), LIMIT);
            })
        .isInstanceOfSatisfying(
            HttpResponseException.class, e -> assertThat(e.failure()).isEqualTo(failure))
        .hasMessageContaining(reason);
  }

  @Test
  void mediaTypeIgnoresParametersAndCase() throws Exception {
    ResponseHead head =
        reader("HTTP/1.1 200 OK\r\ncontent-type:  Text/Plain ; charset=UTF-8\r\n\r\n").readHead();
    assertThat(head.mediaType()).hasValue("text/plain");
    assertThat(head.contentType()).hasValue("Text/Plain ; charset=UTF-8");
  }

  private static Arguments row(String response, FetchFailure failure, String reason) {
    return Arguments.of(response, failure, reason);
  }

  private static HttpResponseReader reader(String response) {
    return new HttpResponseReader(
        new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1)));
  }
}
