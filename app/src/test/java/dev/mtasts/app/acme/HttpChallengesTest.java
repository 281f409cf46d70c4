package dev.mtasts.app.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP-01 listener answers its pending tokens and nothing else, and never redirects. */
class HttpChallengesTest {

  private static final String HOST = "mta-sts.example.org";
  private static final String TOKEN = "tok3n_-A";

  private final HttpChallenges challenges = new HttpChallenges();
  private AcmeHttpListener listener;

  @BeforeEach
  void setUp() throws Exception {
    listener = AcmeHttpListener.start(new InetSocketAddress("127.0.0.1", 0), challenges);
    challenges.arm(HOST, TOKEN, TOKEN + ".thumbprint");
  }

  @AfterEach
  void tearDown() {
    listener.close();
  }

  @Test
  void pendingTokenIsAnsweredWithItsKeyAuthorization() throws Exception {
    String response = request("GET", "/.well-known/acme-challenge/" + TOKEN, HOST);
    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(response).containsIgnoringCase("content-type: text/plain");
    assertThat(response).endsWith("\r\n\r\n" + TOKEN + ".thumbprint");
  }

  @Test
  void headGetsTheHeadersOnly() throws Exception {
    String response = request("HEAD", "/.well-known/acme-challenge/" + TOKEN, HOST);
    assertThat(response).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
  }

  @Test
  void tokenAskedForByAnotherHostIsNotFound() throws Exception {
    assertThat(request("GET", "/.well-known/acme-challenge/" + TOKEN, "mta-sts.other.example"))
        .startsWith("HTTP/1.1 404");
  }

  @Test
  void unknownOrDisarmedTokenIsNotFound() throws Exception {
    assertThat(request("GET", "/.well-known/acme-challenge/other", HOST))
        .startsWith("HTTP/1.1 404");
    challenges.disarm(TOKEN);
    assertThat(request("GET", "/.well-known/acme-challenge/" + TOKEN, HOST))
        .startsWith("HTTP/1.1 404");
  }

  @Test
  void policyAndEveryOtherPathAreNotFoundAndNeverRedirected() throws Exception {
    for (String path : new String[] {"/.well-known/mta-sts.txt", "/", "/index.html"}) {
      String response = request("GET", path, HOST);
      assertThat(response).as(path).startsWith("HTTP/1.1 404");
      assertThat(response).as(path).doesNotContainIgnoringCase("location:");
      assertThat(response).as(path).doesNotContain("version: STSv1");
    }
  }

  @Test
  void otherMethodsAreNotAnswered() throws Exception {
    assertThat(request("POST", "/.well-known/acme-challenge/" + TOKEN, HOST))
        .startsWith("HTTP/1.1 404");
  }

  private String request(String method, String path, String host) throws IOException {
    try (Socket socket =
        new Socket(listener.address().getAddress(), listener.address().getPort())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              (method
                      + " "
                      + path
                      + " HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
