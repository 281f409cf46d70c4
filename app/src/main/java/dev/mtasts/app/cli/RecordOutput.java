package dev.mtasts.app.cli;

import dev.mtasts.core.publish.Publication;
import java.util.LinkedHashMap;
import java.util.Map;

/** DNS records as the policy commands print them in JSON (docs/cli.md). */
final class RecordOutput {

  private RecordOutput() {}

  /** {@code {"name","ttl","type","value","zoneLine"}}. */
  static Map<String, Object> json(Publication.DnsRecord record) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("name", record.name());
    line.put("ttl", record.ttl());
    line.put("type", record.type());
    line.put("value", record.value());
    line.put("zoneLine", record.zoneLine());
    return line;
  }
}
