package dev.mtasts.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MxRecordTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "MX1.Example.COM., mx1.example.com",
    "mx.b\u00fccher.example, mx.xn--bcher-kva.example",
    "XN--BCHER-KVA.example., xn--bcher-kva.example",
    "Mail_1.example.com., mail_1.example.com",
    "'.', ''",
    "'', ''",
    // no domain name: kept as DNS presented it, and it matches no pattern
    "mx\\032a.example., mx\\032a.example.",
    "mx..example, mx..example",
    "-mx.example., -mx.example."
  })
  void theExchangeIsReadAsADomain(String given, String host) {
    MxRecord record = new MxRecord(10, given);
    assertThat(record.host()).isEqualTo(host);
    assertThat(record.isNullMx()).isEqualTo(host.isEmpty());
  }
}
