package dev.mtasts.app.web;

/**
 * A table's export links: the JSON API's query for the same rows, as CSV and as JSON.
 *
 * @param csv the CSV download
 * @param json the JSON download
 */
public record Exports(String csv, String json) {}
