package dev.mtasts.app.lab.dns;

import java.io.IOException;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Turns one DNS query in wire format into the authoritative response from a {@link Zone}: AA set,
 * FORMERR for what does not parse, REFUSED outside the zone, truncation (TC) over UDP when the
 * answer exceeds 512 bytes or the client's EDNS size (RFC 1035 §4.2.1, RFC 6891 §6.2.5).
 */
public final class Responder {

  /** RFC 1035 §4.2.1: the UDP limit without EDNS. */
  static final int CLASSIC_UDP_SIZE = 512;

  /** The largest UDP payload we send, and advertise (the DNS flag day 2020 value). */
  static final int MAX_UDP_SIZE = 1232;

  private static final int HEADER_LENGTH = 12;

  private final Zone zone;

  public Responder(Zone zone) {
    this.zone = zone;
  }

  /** The response to a UDP query, or empty when none must be sent. */
  public Optional<byte[]> udp(byte[] query) {
    return respond(query, true);
  }

  /** The response to a TCP query (never truncated), or empty when none must be sent. */
  public Optional<byte[]> tcp(byte[] query) {
    return respond(query, false);
  }

  private Optional<byte[]> respond(byte[] wire, boolean udp) {
    if (wire.length < HEADER_LENGTH) {
      return Optional.empty(); // not even a header: nobody to answer
    }
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return Optional.of(formatError(wire));
    }
    Header header = query.getHeader();
    if (header.getFlag(Flags.QR)) {
      return Optional.empty(); // a response: answering it could start a loop
    }
    Message response = new Message(header.getID());
    Header out = response.getHeader();
    out.setFlag(Flags.QR);
    out.setOpcode(header.getOpcode());
    if (header.getFlag(Flags.RD)) {
      out.setFlag(Flags.RD);
    }
    OPTRecord opt = query.getOPT();
    int limit = udp ? udpLimit(opt) : 65_535;
    if (opt != null) {
      response.addRecord(new OPTRecord(MAX_UDP_SIZE, 0, 0), Section.ADDITIONAL);
    }
    if (header.getOpcode() != Opcode.QUERY) {
      out.setRcode(Rcode.NOTIMP);
      return Optional.of(response.toWire());
    }
    if (query.getSection(Section.QUESTION).size() != 1) {
      out.setRcode(Rcode.FORMERR);
      return Optional.of(response.toWire());
    }
    Record question = query.getQuestion();
    response.addRecord(question, Section.QUESTION);
    if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
      out.setRcode(Rcode.REFUSED);
      return Optional.of(response.toWire());
    }
    Zone.Lookup lookup = zone.lookup(question.getName(), question.getType());
    out.setRcode(lookup.rcode());
    if (lookup.rcode() != Rcode.REFUSED) {
      out.setFlag(Flags.AA);
    }
    lookup.answers().forEach(r -> response.addRecord(r, Section.ANSWER));
    lookup.authority().forEach(r -> response.addRecord(r, Section.AUTHORITY));
    return Optional.of(response.toWire(limit));
  }

  /** RFC 6891 §6.2.5: a payload size under 512 is treated as 512. */
  private static int udpLimit(OPTRecord opt) {
    if (opt == null) {
      return CLASSIC_UDP_SIZE;
    }
    return Math.clamp(opt.getPayloadSize(), CLASSIC_UDP_SIZE, MAX_UDP_SIZE);
  }

  /** A header-only FORMERR reply carrying the query's ID (RFC 1035 §4.1.1). */
  private static byte[] formatError(byte[] wire) {
    Header header = new Header(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
    header.setFlag(Flags.QR);
    header.setRcode(Rcode.FORMERR);
    Message response = new Message();
    response.setHeader(header);
    return response.toWire();
  }
}
