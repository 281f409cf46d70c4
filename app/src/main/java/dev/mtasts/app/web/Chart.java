package dev.mtasts.app.web;

import dev.mtasts.app.store.DailySessions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A success-rate-per-day chart as inline SVG geometry: the server draws it, so it needs no script,
 * shows in any browser and reads out as its description. Days without sessions break the line.
 *
 * @param width the drawing's width
 * @param height the drawing's height
 * @param viewBox the SVG view box: the drawing with room for the dots at its edges
 * @param top the y of 100 %
 * @param bottom the y of 0 %
 * @param lines polyline point lists, one per run of days with sessions
 * @param dots one per day with sessions, with a title for hovering and screen readers
 * @param description what the chart shows, in words
 * @param axis the first and the last day, for the labels under the chart; empty when no days
 */
public record Chart(
    int width,
    int height,
    String viewBox,
    String top,
    String bottom,
    List<String> lines,
    List<Dot> dots,
    String description,
    Axis axis) {

  /** One day's point, coloured by its rate. */
  public record Dot(String x, String y, String title, String fill) {}

  /**
   * The labels of the axes.
   *
   * @param first the first day
   * @param last the last day
   * @param bottom the rate of the bottom line (the top line is 100 %)
   */
  public record Axis(String first, String last, String bottom) {}

  /** Vertical room kept above and below the line. */
  private static final double PAD = 4;

  /** The rate per day of {@code days} from {@code first} to {@code last}. */
  static Chart of(
      List<DailySessions> days, LocalDate first, LocalDate last, int width, int height) {
    Map<LocalDate, DailySessions> byDay = new TreeMap<>();
    days.forEach(d -> byDay.put(d.day(), d));
    long span = Math.max(1, last.toEpochDay() - first.toEpochDay());
    // the bottom line is the lowest rate rounded down to 10 %, at most 90 %: a day at 96 % stays
    // apart from one at 100 %
    double floor =
        Math.min(
            0.9,
            Math.floor(
                    byDay.values().stream()
                            .filter(d -> d.successful() + d.failed() > 0)
                            .mapToDouble(
                                d -> (double) d.successful() / (d.successful() + d.failed()))
                            .min()
                            .orElse(0)
                        * 10)
                / 10);
    List<String> lines = new ArrayList<>();
    List<Dot> dots = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      DailySessions d = byDay.get(day);
      if (d == null || d.successful() + d.failed() == 0) {
        if (!line.isEmpty()) {
          lines.add(line.toString());
          line.setLength(0);
        }
        continue;
      }
      double rate = (double) d.successful() / (d.successful() + d.failed());
      String x = num((day.toEpochDay() - first.toEpochDay()) * width / (double) span);
      String y = num(PAD + (1 - (rate - floor) / (1 - floor)) * (height - 2 * PAD));
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(x).append(',').append(y);
      dots.add(
          new Dot(
              x,
              y,
              day
                  + ": "
                  + Rates.percent(d.successful(), d.failed())
                  + " ("
                  + d.successful()
                  + " successful, "
                  + d.failed()
                  + " failed)",
              Rates.tone(d.successful(), d.failed()).equals("bad") ? "#b42318" : "#0a58ca"));
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    String description =
        dots.isEmpty()
            ? "No sessions from " + first + " to " + last + "."
            : "Success rate per day from "
                + first
                + " to "
                + last
                + ", "
                + dots.size()
                + " days with sessions; the bottom line is "
                + Math.round(floor * 100)
                + " %.";
    return new Chart(
        width,
        height,
        "-6 -6 " + (width + 12) + " " + (height + 12),
        num(PAD),
        num(height - PAD),
        lines,
        dots,
        description,
        new Axis(first.toString(), last.toString(), Math.round(floor * 100) + " %"));
  }

  /** Whether there is anything to draw. */
  public boolean empty() {
    return dots.isEmpty();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
