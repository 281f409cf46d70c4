package dev.mtasts.app.lab.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * An in-memory authoritative zone: its records by owner name, and the lookup an authoritative
 * server does (RFC 1034 §4.3.2), with NXDOMAIN told apart from NODATA (RFC 2308 §2) and CNAME
 * chains followed inside the zone.
 */
public final class Zone {

  private static final int MAX_CNAME_CHAIN = 8;

  private final Name origin;
  private final SOARecord soa;
  private final Map<Name, List<Record>> byName = new LinkedHashMap<>();
  private final Set<Name> existing = new HashSet<>();

  /** A zone of {@code records}, whose apex is the owner of {@code soa}. */
  public Zone(SOARecord soa, List<Record> records) {
    this.origin = soa.getName();
    this.soa = soa;
    add(soa);
    for (Record record : records) {
      if (!record.getName().subdomain(origin)) {
        throw new IllegalArgumentException(record.getName() + " is outside " + origin);
      }
      add(record);
    }
  }

  private void add(Record record) {
    byName.computeIfAbsent(record.getName(), n -> new ArrayList<>()).add(record);
    // Every ancestor up to the apex exists, even with no records (an empty non-terminal).
    Name name = record.getName();
    while (!existing.contains(name) && name.subdomain(origin)) {
      existing.add(name);
      if (name.equals(origin)) {
        break;
      }
      name = new Name(name, 1);
    }
  }

  /** The apex, e.g. {@code test.}. */
  public Name origin() {
    return origin;
  }

  /** Every record, apex SOA first, in the order added. */
  public List<Record> records() {
    return byName.values().stream().flatMap(List::stream).toList();
  }

  /** The outcome of one lookup: an RCODE and the answer and authority sections. */
  public record Lookup(int rcode, List<Record> answers, List<Record> authority) {
    public Lookup {
      answers = List.copyOf(answers);
      authority = List.copyOf(authority);
    }
  }

  /** Answers {@code qname}/{@code qtype} as the zone's authoritative server would. */
  public Lookup lookup(Name qname, int qtype) {
    if (!qname.subdomain(origin)) {
      return new Lookup(Rcode.REFUSED, List.of(), List.of());
    }
    List<Record> answers = new ArrayList<>();
    Name name = qname;
    for (int step = 0; step <= MAX_CNAME_CHAIN; step++) {
      List<Record> here = byName.get(name);
      if (here == null) {
        // RFC 6604 §2: the RCODE describes the last name in the chain.
        int rcode = existing.contains(name) ? Rcode.NOERROR : Rcode.NXDOMAIN;
        return new Lookup(rcode, answers, List.of(negativeSoa()));
      }
      Record cname = here.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
      if (cname != null && qtype != Type.CNAME && qtype != Type.ANY) {
        answers.add(cname);
        name = ((CNAMERecord) cname).getTarget();
        if (!name.subdomain(origin)) {
          return new Lookup(Rcode.NOERROR, answers, List.of());
        }
        continue;
      }
      List<Record> matching =
          here.stream().filter(r -> qtype == Type.ANY || r.getType() == qtype).toList();
      if (matching.isEmpty()) {
        return new Lookup(Rcode.NOERROR, answers, List.of(negativeSoa()));
      }
      answers.addAll(matching);
      return new Lookup(Rcode.NOERROR, answers, List.of());
    }
    return new Lookup(Rcode.SERVFAIL, answers, List.of());
  }

  /** The zone in master-file format (RFC 1035 §5), loadable by any authoritative server. */
  public String masterFile() {
    StringBuilder text =
        new StringBuilder("; the mtasts lab world\n$ORIGIN ")
            .append(origin)
            .append("\n$TTL ")
            .append(soa.getTTL())
            .append('\n');
    for (Record record : records()) {
      text.append(record instanceof TXTRecord txt ? txtLine(txt) : record.toString()).append('\n');
    }
    return text.toString();
  }

  /** A TXT record with every character-string quoted (RFC 1035 §5.1), as servers expect. */
  private static String txtLine(TXTRecord txt) {
    StringBuilder line =
        new StringBuilder()
            .append(txt.getName())
            .append('\t')
            .append(txt.getTTL())
            .append("\tIN\tTXT");
    for (String string : txt.getStrings()) {
      line.append(" \"").append(string.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return line.toString();
  }

  /** RFC 2308 §3: the SOA of a negative answer has the TTL of its minimum field. */
  private Record negativeSoa() {
    return new SOARecord(
        soa.getName(),
        soa.getDClass(),
        Math.min(soa.getTTL(), soa.getMinimum()),
        soa.getHost(),
        soa.getAdmin(),
        soa.getSerial(),
        soa.getRefresh(),
        soa.getRetry(),
        soa.getExpire(),
        soa.getMinimum());
  }
}
