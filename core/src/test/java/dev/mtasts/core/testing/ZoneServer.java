package dev.mtasts.core.testing;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.Zone;

/**
 * A tiny authoritative DNS server on loopback, UDP and TCP on one port, answering from dnsjava
 * {@link Zone}s: enough to test a stub resolver against. Over UDP it truncates answers larger than
 * the client's EDNS payload size (512 bytes without EDNS) and sets TC (RFC 1035 §4.2.1, RFC 6891
 * §6.2.5); it follows CNAMEs within its zones like an authoritative server (RFC 1034 §4.3.2).
 * {@link #silent()} makes a server that reads questions and never answers.
 */
public final class ZoneServer implements AutoCloseable {

  private static final int MAX_CNAMES_IN_ANSWER = 16;

  private final List<Zone> zones;
  private final boolean answers;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
  private final Set<Name> bogus = ConcurrentHashMap.newKeySet();
  private volatile boolean authenticatedData;
  private final AtomicInteger udpQuestions = new AtomicInteger();
  private final AtomicInteger tcpQuestions = new AtomicInteger();

  private ZoneServer(List<Zone> zones, boolean answers) throws IOException {
    this.zones = List.copyOf(zones);
    this.answers = answers;
    DatagramSocket boundUdp = null;
    ServerSocket boundTcp = null;
    for (int attempt = 0; boundTcp == null; attempt++) {
      boundUdp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try {
        boundTcp = new ServerSocket(boundUdp.getLocalPort(), 16, InetAddress.getLoopbackAddress());
      } catch (BindException e) {
        boundUdp.close();
        if (attempt > 20) {
          throw e;
        }
      }
    }
    this.udp = boundUdp;
    this.tcp = boundTcp;
    Thread.ofPlatform().daemon().name("zone-server-udp").start(this::serveUdp);
    Thread.ofPlatform().daemon().name("zone-server-tcp").start(this::serveTcp);
  }

  /** Serves these zones. */
  public static ZoneServer serving(Zone... zones) throws IOException {
    return new ZoneServer(List.of(zones), true);
  }

  /** A server that accepts questions over UDP and TCP and never answers. */
  public static ZoneServer silent() throws IOException {
    return new ZoneServer(List.of(), false);
  }

  /** A zone from master-file text (RFC 1035 §5). */
  public static Zone zone(String origin, String masterFile) throws IOException {
    return new Zone(
        Name.fromString(origin, Name.root),
        new ByteArrayInputStream(masterFile.getBytes(StandardCharsets.UTF_8)));
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
  }

  /** From now on, questions for {@code name} get SERVFAIL. */
  public void failWithServfail(String name) throws IOException {
    servfail.add(Name.fromString(name, Name.root));
  }

  /**
   * From now on, questions for {@code name} get what a validating resolver answers for a bogus
   * name: SERVFAIL with the extended error "DNSSEC Bogus" (RFC 8914 §4.7).
   */
  public void failAsBogus(String name) throws IOException {
    bogus.add(Name.fromString(name, Name.root));
  }

  /** Set the AD bit in answers, as a validating resolver does for secure data (RFC 4035 §3.2.3). */
  public void setAuthenticatedData(boolean on) {
    authenticatedData = on;
  }

  public int udpQuestions() {
    return udpQuestions.get();
  }

  public int tcpQuestions() {
    return tcpQuestions.get();
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }

  private void serveUdp() {
    byte[] buffer = new byte[65_535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        udpQuestions.incrementAndGet();
        if (!answers) {
          continue;
        }
        Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
        Message response = answer(query);
        byte[] wire = response.toWire();
        OPTRecord opt = query.getOPT();
        int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
        if (wire.length > limit) {
          wire = truncated(query).toWire();
        }
        udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
      } catch (IOException e) {
        // A malformed question or a closed socket: nothing to answer.
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket client = tcp.accept();
        Thread.ofPlatform().daemon().start(() -> serveConnection(client));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void serveConnection(Socket client) {
    try (client;
        DataInputStream in = new DataInputStream(client.getInputStream());
        DataOutputStream out = new DataOutputStream(client.getOutputStream())) {
      while (true) {
        byte[] question = new byte[in.readUnsignedShort()];
        in.readFully(question);
        tcpQuestions.incrementAndGet();
        if (!answers) {
          continue;
        }
        byte[] wire = answer(new Message(question)).toWire();
        out.writeShort(wire.length);
        out.write(wire);
        out.flush();
      }
    } catch (IOException e) {
      // The client closed the connection.
    }
  }

  private static Message truncated(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    response.getHeader().setFlag(Flags.TC);
    response.addRecord(query.getQuestion(), Section.QUESTION);
    return response;
  }

  private Message answer(Message query) {
    Record question = query.getQuestion();
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    response.addRecord(question, Section.QUESTION);
    if (bogus.contains(question.getName())) {
      response.getHeader().setRcode(Rcode.SERVFAIL);
      response.addRecord(
          new OPTRecord(
              1232,
              0,
              0,
              0,
              List.of(new ExtendedErrorCodeOption(ExtendedErrorCodeOption.DNSSEC_BOGUS))),
          Section.ADDITIONAL);
      return response;
    }
    if (query.getOPT() != null) {
      response.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    }
    if (authenticatedData) {
      response.getHeader().setFlag(Flags.AD);
    }
    if (servfail.contains(question.getName())) {
      response.getHeader().setRcode(Rcode.SERVFAIL);
      return response;
    }
    Zone zone = zoneFor(question.getName());
    if (zone == null) {
      response.getHeader().setRcode(Rcode.REFUSED);
      return response;
    }
    response.getHeader().setFlag(Flags.AA);
    Name name = question.getName();
    Set<Name> seen = new HashSet<>();
    while (seen.add(name) && seen.size() <= MAX_CNAMES_IN_ANSWER) {
      SetResponse found = zone.findRecords(name, question.getType());
      if (found.isSuccessful()) {
        for (RRset set : found.answers()) {
          set.rrs().forEach(r -> response.addRecord(r, Section.ANSWER));
        }
        return response;
      }
      if (found.isCNAME()) {
        response.addRecord(found.getCNAME(), Section.ANSWER);
        name = found.getCNAME().getTarget();
        if (!name.subdomain(zone.getOrigin())) {
          return response;
        }
        continue;
      }
      if (found.isDelegation()) {
        response.getHeader().unsetFlag(Flags.AA);
        found.getNS().rrs().forEach(r -> response.addRecord(r, Section.AUTHORITY));
        return response;
      }
      if (found.isNXDOMAIN()) {
        response.getHeader().setRcode(Rcode.NXDOMAIN);
      }
      response.addRecord(zone.getSOA(), Section.AUTHORITY);
      return response;
    }
    return response; // a CNAME loop: the chain so far, as servers do
  }

  private Zone zoneFor(Name name) {
    Zone best = null;
    for (Zone zone : zones) {
      if (name.subdomain(zone.getOrigin())
          && (best == null || zone.getOrigin().labels() > best.getOrigin().labels())) {
        best = zone;
      }
    }
    return best;
  }
}
