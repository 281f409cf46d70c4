package dev.mtasts.app.web;

import dev.mtasts.app.store.Period;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the JSON API answers the query behind each table, so that every table's export links are
 * the API's own answers (the session cookie is accepted for GET). {@code format=csv} asks for CSV.
 */
final class ApiLinks {

  private static final String API = "/api/v1";

  private ApiLinks() {}

  static Exports of(String path, String query) {
    String json = query.isEmpty() ? path : path + "?" + query;
    String csv = path + "?" + (query.isEmpty() ? "" : query + "&") + "format=csv";
    return new Exports(csv, json);
  }

  static Exports overview() {
    return of(API + "/overview", "");
  }

  static Exports domain(String domain, String table, Period period) {
    return of(API + "/domains/" + encode(domain) + "/" + table, PeriodParam.query(period));
  }

  /** The whole filtered list, as far as one answer goes ({@code limit=1000}). */
  static Exports reports(String query) {
    return of(API + "/reports", (query.isEmpty() ? "" : query + "&") + "limit=1000");
  }

  static Exports report(long id) {
    return of(API + "/reports/" + id, "");
  }

  static String raw(long id) {
    return API + "/reports/" + id + "/raw";
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
