package dev.meshhook.load.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code reports/index.html}: every run in the history, newest first, with its result, figures and
 * links to its two reports (or "deleted" when its folder is gone), then per profile the trend of
 * each figure over its runs. Rebuilt from the history after every run; self-contained HTML with
 * inline SVG, so it opens from file:// anywhere, e.g. from a downloaded CI artifact.
 */
public final class LoadIndex {
  public static final String FILE_NAME = "index.html";
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** A figure the index lists and charts. */
  private record Figure(String title, String unit, ToDoubleFunction<LoadFigures> value) {}

  private static final List<Figure> FIGURES =
      List.of(
          new Figure("throughput", "webhooks/s", LoadFigures::throughputPerSecond),
          new Figure("webhook p95", "ms", LoadFigures::httpP95Ms),
          new Figure("webhook p99", "ms", LoadFigures::httpP99Ms),
          new Figure("end-to-end p99", "ms", LoadFigures::endToEndP99Ms),
          new Figure("availability", "%", LoadFigures::availabilityPercent),
          new Figure("lost", "runs", f -> f.lost()),
          new Figure("duplicated", "runs", f -> f.duplicated()));

  private LoadIndex() {}

  public static Path write(Path reports, List<LoadSummary> history) {
    Path file = reports.resolve(FILE_NAME);
    try {
      Files.createDirectories(reports);
      Path tmp = reports.resolve(FILE_NAME + ".tmp");
      Files.writeString(tmp, html(reports, history), StandardCharsets.UTF_8);
      // Replaced whole: a browser reloading it mid-run never sees half a page.
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static String html(Path reports, List<LoadSummary> history) {
    List<LoadSummary> newestFirst = new ArrayList<>(history);
    newestFirst.sort(LoadSummary.BY_START.reversed());
    StringBuilder b = new StringBuilder(16_384);
    b.append(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>meshhook-load runs</title><style>")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1f2328}")
        .append(
            "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right;white-space:nowrap}td.l{white-space:normal}")
        .append(
            "th{background:#f6f8fa}td.l,th.l{text-align:left}code{font-size:12px}.deleted{color:#656d76;font-style:italic}")
        .append(".status{color:#fff;padding:.1rem .5rem;border-radius:4px;font-weight:600}")
        .append(
            ".status.pass{background:#1a7f37}.status.warn{background:#9a6700}.status.fail{background:#cf222e}.status.unknown{background:#57606a}")
        .append(
            "tr.run.fail td{background:#fff5f5}tr.run.warn td{background:#fffbeb}tr.run.unknown td{background:#f6f8fa}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:1rem}.note{font-size:12px;color:#656d76}")
        .append("</style></head><body><h1>meshhook-load runs</h1>");
    b.append("<p>")
        .append(history.size())
        .append(" run")
        .append(history.size() == 1 ? "" : "s")
        .append(
            ", newest first. Status: verification, classification and regression against the baseline together; ")
        .append("figures from each run's ledger and checker. Built from <code>")
        .append(LoadHistory.FILE_NAME)
        .append("</code>, which keeps every run's row when its folder is pruned or deleted.</p>");
    b.append(
            "<table id=\"runs\"><tr><th class=l>date (UTC)</th><th class=l>profile</th><th class=l>commit</th><th class=l>target</th>")
        .append(
            "<th class=l>status</th><th>throughput</th><th>webhook p95</th><th>webhook p99</th><th>end-to-end p99</th><th>availability</th>")
        .append(
            "<th>lost</th><th>duplicated</th><th class=l>bottleneck</th><th class=l>regression</th><th class=l>reports</th></tr>");
    for (LoadSummary r : newestFirst) {
      LoadFigures f =
          r.figures() != null
              ? r.figures()
              : new LoadFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
      b.append("<tr class=\"run ")
          .append(esc(r.status()))
          .append("\" data-folder=\"")
          .append(esc(r.folder()))
          .append("\">")
          .append("<td class=l>")
          .append(esc(date(r)))
          .append("</td><td class=l>")
          .append(esc(r.profile()))
          .append("</td><td class=l><code>")
          .append(esc(r.commit()))
          .append("</code></td><td class=l>")
          .append(esc(r.target()))
          .append("</td><td class=l><span class=\"status ")
          .append(esc(r.status()))
          .append("\">")
          .append(esc(r.status()))
          .append("</span> <span class=note>verification ")
          .append(esc(r.verification()))
          .append(", classification ")
          .append(esc(r.classification()))
          .append("</span></td>")
          .append(
              String.format(
                  Locale.ROOT,
                  "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%,d</td><td>%,d</td>",
                  cell(f.throughputPerSecond(), "/s"),
                  cell(f.httpP95Ms(), "ms"),
                  cell(f.httpP99Ms(), "ms"),
                  cell(f.endToEndP99Ms(), "ms"),
                  cell(f.availabilityPercent(), "%"),
                  f.lost(),
                  f.duplicated()))
          .append("<td class=l>")
          .append(r.bottleneck() == null ? "" : esc(r.bottleneck()))
          .append("</td><td class=l>")
          .append(esc(r.regression()))
          .append(" <span class=note>")
          .append(esc(r.regressionNote()))
          .append("</span></td><td class=l>")
          .append(links(reports, r.folder()))
          .append("</td></tr>");
    }
    b.append("</table>");
    Map<String, List<LoadSummary>> byProfile = new LinkedHashMap<>();
    newestFirst.forEach(
        r -> byProfile.computeIfAbsent(r.profile(), p -> new ArrayList<>()).add(0, r));
    b.append(
            "<h2>Trends per profile</h2><p class=note>One point per run whose verification passed, oldest left; hover a")
        .append(
            " point for its run. Green pass, amber warn, red fail (a threshold or the regression check). A run that")
        .append(
            " failed verification is in the table only: its figures describe a broken run, not the engine's speed.</p>");
    for (Map.Entry<String, List<LoadSummary>> e : byProfile.entrySet()) {
      List<LoadSummary> verified =
          e.getValue().stream()
              .filter(r -> r.figures() != null && r.verification().equals("pass"))
              .toList();
      long broken = e.getValue().size() - verified.size();
      b.append("<h3 id=\"trend-")
          .append(esc(e.getKey()))
          .append("\">")
          .append(esc(e.getKey()))
          .append("</h3>");
      if (broken > 0) {
        b.append("<p class=note>")
            .append(broken)
            .append(broken == 1 ? " run" : " runs")
            .append(" not drawn: verification did not pass.</p>");
      }
      b.append("<div class=\"charts\">");
      for (Figure figure : FIGURES) {
        List<TrendChart.Point> points =
            verified.stream()
                .map(
                    r ->
                        new TrendChart.Point(
                            date(r),
                            r.folder(),
                            figure.value().applyAsDouble(r.figures()),
                            r.status()))
                .toList();
        b.append(TrendChart.svg(figure.title(), figure.unit(), points));
      }
      b.append("</div>");
    }
    return b.append("</body></html>\n").toString();
  }

  /** Links to the run's Gatling and verification reports, or "deleted" when the folder is gone. */
  private static String links(Path reports, String folder) {
    if (folder == null
        || folder.isBlank()
        || folder.contains("/")
        || folder.contains("\\")
        || !Files.isDirectory(reports.resolve(folder))) {
      return "<span class=deleted>deleted</span>";
    }
    String f = esc(folder);
    String verification = "<a href=\"" + f + "/verification.html\">verification</a>";
    // A run of several injectors has no Gatling run of its own (its verification links each
    // injector's report). The index of a single run is written before Gatling's report is, while
    // its simulation.log is being written: that log is what says Gatling ran here.
    Path run = reports.resolve(folder);
    return Files.isRegularFile(run.resolve("simulation.log"))
            || Files.isRegularFile(run.resolve("index.html"))
        ? "<a href=\"" + f + "/index.html\">Gatling</a> &middot; " + verification
        : verification;
  }

  private static String date(LoadSummary r) {
    try {
      return DATE.format(Instant.parse(r.startedAt()));
    } catch (RuntimeException e) {
      return String.valueOf(r.startedAt());
    }
  }

  /** A figure with its unit, or n/a when the run had nothing to measure it on. */
  private static String cell(double value, String unit) {
    return Double.isFinite(value) ? RegressionCheck.number(value) + " " + unit : "n/a";
  }

  static String color(String status) {
    return switch (status) {
      case "pass" -> "#1a7f37";
      case "warn" -> "#9a6700";
      case "unknown" -> "#57606a";
      default -> "#cf222e";
    };
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
