package dev.mtasts.bench.collect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Sends libtlsrpt datagrams as Postfix 3.10 does: one per handshake, from several processes (here
 * threads, each with its own socket), with a non-blocking {@code sendto} ({@code MSG_DONTWAIT}): a
 * datagram the collector's queue cannot take is dropped and counted here, as libtlsrpt reports
 * {@code EAGAIN} and Postfix goes on. Paced to RATE datagrams per second in total (0: as fast as
 * possible); a sender that falls behind does not catch up in a burst, so the rate offered (sent
 * plus dropped per second) may fall short of RATE on a busy machine. Prints {@code
 * {"sent":N,"dropped":N,"seconds":S}}.
 *
 * <pre>DatagramLoad SOCKET RATE SECONDS SENDERS</pre>
 */
public final class DatagramLoad {

  private DatagramLoad() {}

  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    long rate = Long.parseLong(args[1]);
    double seconds = Double.parseDouble(args[2]);
    int senders = Integer.parseInt(args[3]);
    LongAdder sent = new LongAdder();
    LongAdder dropped = new LongAdder();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      int sender = i;
      threads.add(
          Thread.ofPlatform()
              .start(() -> send(socket, sender, senders, rate, start, end, sent, dropped)));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double took = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "{\"sent\":%d,\"dropped\":%d,\"seconds\":%.3f}%n", sent.sum(), dropped.sum(), took);
  }

  private static void send(
      Path socket,
      int sender,
      int senders,
      long rate,
      long start,
      long end,
      LongAdder sent,
      LongAdder dropped) {
    try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
      channel.configureBlocking(false);
      AFUNIXSocketAddress target = AFUNIXSocketAddress.of(socket);
      long interval = rate == 0 ? 0 : 1_000_000_000L * senders / rate;
      long due = start;
      long n = 0;
      for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
        if (interval > 0) {
          if (due > now) {
            LockSupport.parkNanos(due - now);
            continue;
          }
          // A sender that was not scheduled for a while goes on at its pace, without sending
          // the datagrams it missed in one burst: a Postfix smtp process that stalls stalls its
          // SMTP sessions too, and reports them as they end. The offered rate is measured.
          due = Math.max(due + interval, now - interval);
        }
        ByteBuffer datagram = ByteBuffer.wrap(datagram(sender, n));
        if (channel.send(datagram, target) == 0) {
          dropped.increment();
        } else {
          sent.increment();
        }
        n++;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A datagram as libtlsrpt formats Postfix's: an STS policy of one of 1 000 domains, every tenth a
   * certificate-host-mismatch failure.
   */
  static byte[] datagram(int sender, long n) {
    String domain = "bulk-" + ((n * 31 + sender) % 1000) + ".example";
    String policy =
        "\"policy-type\":2,\"policy-domain\": \""
            + domain
            + "\",\"policy-string\":[\"version: STSv1\",\"mode: enforce\",\"mx: mx1."
            + domain
            + "\",\"mx: mx2."
            + domain
            + "\",\"max_age: 604800\"],\"mx-host\":[\"mx1."
            + domain
            + "\",\"mx2."
            + domain
            + "\"]";
    String outcome =
        n % 10 == 0
            ? ",\"failure-details\":[{\"c\":202,\"s\": \"192.0.2.10\",\"n\": \"mx1."
                + domain
                + "\",\"h\": \"mx1."
                + domain
                + " ESMTP\",\"r\": \"198.51.100.25\"}],\"t\":1,\"f\":1}"
            : ",\"t\":0,\"f\":0}";
    return ("{\"dpv\": \"1\",\"d\": \""
            + domain
            + "\",\"pr\": \"v=TLSRPTv1; rua=mailto:tlsrpt@"
            + domain
            + "\",\"policies\":[{"
            + policy
            + outcome
            + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
