package dev.mtasts.app.store;

/** A domain the store holds reports for, with its first and last report day and all-time totals. */
public record DomainListing(
    String domain, String firstDay, String lastDay, long successful, long failed) {}
