package dev.mtasts.core.check;

import dev.mtasts.core.ParseResult;
import java.util.List;

/**
 * Chooses and reads the {@code _smtp._tls} record among a name's TXT records (RFC 8460 §3). Error
 * codes: {@code TLSRPT_RECORD_NONE}, {@code TLSRPT_RECORD_MULTIPLE}, {@code TLSRPT_RUA_UNSUPPORTED}
 * and, for any grammar error, another {@code TLSRPT_RECORD_*} code.
 */
@FunctionalInterface
public interface TlsRptRecordReader {

  ParseResult<?> select(List<String> txtRecords);
}
