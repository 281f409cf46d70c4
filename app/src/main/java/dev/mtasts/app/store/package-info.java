/**
 * The report store: raw reports (compressed), normalised rows, daily roll-ups, on SQLite (group
 * commit, {@code synchronous=FULL}) or PostgreSQL (shared by several processes), migrated by
 * Flyway.
 */
package dev.mtasts.app.store;
