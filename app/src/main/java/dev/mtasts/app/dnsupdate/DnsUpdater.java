package dev.mtasts.app.dnsupdate;

import dev.mtasts.core.publish.Publication;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Sends RFC 2136 dynamic updates signed with TSIG (RFC 8945) to a zone's primary server: replaces
 * TXT RRsets (RFC 2136 §2.5.2 delete the RRset, §2.5.1 add) and deletes them, all names of one call
 * in one update message, which the server applies as a whole or not at all (§3.4). Over TCP: the
 * answer to an update is not worth losing to truncation.
 */
public final class DnsUpdater {

  private final DnsUpdateSettings settings;

  public DnsUpdater(DnsUpdateSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public DnsUpdateSettings settings() {
    return settings;
  }

  /**
   * Makes each TXT record of {@code records} the only TXT record at its name, and removes every TXT
   * record at each name of {@code removed}, in one update.
   *
   * @throws IllegalArgumentException for a record that is not TXT or a name outside the zone
   */
  public UpdateResult apply(List<Publication.DnsRecord> records, List<String> removed) {
    Name zone;
    Update update;
    try {
      zone = Name.fromString(settings.zone(), Name.root);
      update = new Update(zone);
      for (Publication.DnsRecord record : records) {
        if (!record.type().equals("TXT")) {
          throw new IllegalArgumentException("only TXT records are updated: " + record);
        }
        Name name = inZone(record.name(), zone);
        update.replace(new TXTRecord(name, DClass.IN, settings.ttl(), record.txtStrings()));
      }
      for (String name : removed) {
        update.delete(inZone(name, zone), Type.TXT);
      }
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return send(update);
  }

  private UpdateResult send(Update update) {
    String to = "the DNS server " + settings.server().getAddress().getHostAddress();
    to += " port " + settings.server().getPort();
    Message response;
    try {
      SimpleResolver resolver = new SimpleResolver(settings.server());
      resolver.setTCP(true);
      resolver.setTimeout(settings.timeout());
      resolver.setTSIGKey(settings.key().signer());
      response = resolver.send(update);
    } catch (IOException e) {
      return new UpdateResult.Failed(
          "no answer from " + to + " to the update of zone " + settings.zone() + ": " + e);
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR) {
      return new UpdateResult.Refused(
          to
              + " refused the update of zone "
              + settings.zone()
              + ": "
              + Rcode.string(rcode)
              + (rcode == Rcode.NOTAUTH
                  ? " (is the TSIG key "
                      + settings.key().name()
                      + " known to it and allowed to update?)"
                  : ""));
    }
    if (!response.isVerified()) {
      // RFC 8945 §5.3: an unsigned or badly signed answer proves nothing about the update
      return new UpdateResult.Refused(
          to + " answered the update of zone " + settings.zone() + " without a valid TSIG");
    }
    return new UpdateResult.Applied("zone " + settings.zone() + " updated on " + to);
  }

  private static Name inZone(String name, Name zone) throws TextParseException {
    Name absolute = Name.fromString(name, Name.root);
    if (!absolute.subdomain(zone)) {
      throw new IllegalArgumentException(name + " is not in the zone " + zone);
    }
    return absolute;
  }
}
