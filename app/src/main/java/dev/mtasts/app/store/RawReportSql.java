package dev.mtasts.app.store;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.tlsrpt.ReadReport;
import dev.mtasts.core.tlsrpt.ReportReader;
import dev.mtasts.core.tlsrpt.ReportWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** The raw report of a stored report: its bytes as received (kept gzip-compressed) as JSON. */
final class RawReportSql {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private RawReportSql() {}

  static Optional<RawReport> raw(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT w.raw_gzip, w.raw_size, w.received_at FROM report r"
                + " JOIN raw_report w ON w.id = r.raw_id WHERE r.id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        byte[] gz = rs.getBytes(1);
        if (gz == null) {
          return Optional.of(new RawReport.DroppedByRetention(Instant.ofEpochMilli(rs.getLong(3))));
        }
        return Optional.of(asJson(gunzip(gz), rs.getLong(2)));
      }
    }
  }

  /**
   * JSON as received (also inside gzip, RFC 8460 §5.3's application/tlsrpt+gzip); a zip or an email
   * is read again and written back as JSON.
   */
  private static RawReport asJson(byte[] received, long size) {
    byte[] body = received;
    if (body.length > 1 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
      body = gunzip(body);
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.startsWith("{")) {
      return new RawReport.Kept(text, true, size);
    }
    if (new ReportReader().read(received) instanceof ParseResult.Ok<ReadReport> ok) {
      StringWriter json = new StringWriter();
      try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), json)) {
        ReportWriter.writeAsRead(g, ok.value().report());
      }
      return new RawReport.Kept(json.toString(), false, size);
    }
    throw new IllegalStateException("a stored raw report cannot be read again");
  }

  /** What was stored passed the reader's inflation limits at receipt, so this is bounded. */
  private static byte[] gunzip(byte[] gz) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StoreUnavailableException("a stored raw report is damaged: " + e.getMessage(), e);
    }
  }
}
