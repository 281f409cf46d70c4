package dev.mtasts.core.policy;

import dev.mtasts.core.ParseResult;
import java.util.List;

/**
 * The outcome of choosing the {@code _mta-sts} record among a name's TXT records (RFC 8461 §3.1).
 */
public sealed interface StsRecordSelection {

  /** No TXT record begins with {@code v=STSv1}: the domain does not use MTA-STS. */
  record None() implements StsRecordSelection {}

  /**
   * Exactly one candidate; if {@code result} is an error, senders treat the domain as having no
   * available policy.
   */
  record One(String text, ParseResult<StsRecord> result) implements StsRecordSelection {}

  /** More than one record begins with {@code v=STSv1}: senders assume no available policy. */
  record Multiple(List<String> records) implements StsRecordSelection {
    public Multiple {
      records = List.copyOf(records);
    }
  }
}
