package dev.meshhook.load.report;

import dev.meshhook.load.html.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code reports/index.html}: every run in the history, newest first, with its result, figures and
 * links to its two reports (or "deleted" when its folder is gone), then per profile the trend of
 * each figure over its runs. Rebuilt from the history after every run; self-contained HTML with
 * inline SVG, so it opens from file:// anywhere, e.g. from a downloaded CI artifact. The markup is
 * the template {@code index-page.peb}, each chart {@link TrendChart}'s.
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
    Map<String, List<LoadSummary>> byProfile = new LinkedHashMap<>();
    newestFirst.forEach(
        r -> byProfile.computeIfAbsent(r.profile(), p -> new ArrayList<>()).add(0, r));
    Map<String, Object> model = new HashMap<>();
    model.put("runs", runs(history.size()));
    model.put("historyFile", LoadHistory.FILE_NAME);
    model.put("rows", newestFirst.stream().map(r -> row(reports, r)).toList());
    model.put(
        "trends", byProfile.entrySet().stream().map(e -> trend(e.getKey(), e.getValue())).toList());
    // The file ends with a line break, as text files do; a rendered template has none.
    return Templates.render("index-page", model) + "\n";
  }

  /**
   * One run's row: its history line as written, and what Java formats for it (the date, the figures
   * with their units). {@code reports} is null when the run's folder is gone.
   */
  private record Row(
      LoadSummary run,
      String date,
      String throughput,
      String p95,
      String p99,
      String endToEndP99,
      String availability,
      String lost,
      String duplicated,
      Links reports) {}

  /** Where a run's reports are: its folder, and whether Gatling's report is there too. */
  private record Links(String folder, boolean gatling) {}

  /** A profile's trend: its charts (SVG markup), and how many of its runs they leave out. */
  private record Trend(String profile, String notDrawn, List<String> charts) {}

  private static Row row(Path reports, LoadSummary r) {
    LoadFigures f =
        r.figures() != null
            ? r.figures()
            : new LoadFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);
    return new Row(
        r,
        date(r),
        cell(f.throughputPerSecond(), "/s"),
        cell(f.httpP95Ms(), "ms"),
        cell(f.httpP99Ms(), "ms"),
        cell(f.endToEndP99Ms(), "ms"),
        cell(f.availabilityPercent(), "%"),
        String.format(Locale.ROOT, "%,d", f.lost()),
        String.format(Locale.ROOT, "%,d", f.duplicated()),
        links(reports, r.folder()));
  }

  private static Trend trend(String profile, List<LoadSummary> oldestFirst) {
    List<LoadSummary> verified =
        oldestFirst.stream()
            .filter(r -> r.figures() != null && r.verification().equals("pass"))
            .toList();
    long broken = oldestFirst.size() - verified.size();
    List<String> charts = new ArrayList<>();
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
      charts.add(TrendChart.svg(figure.title(), figure.unit(), points));
    }
    return new Trend(profile, broken > 0 ? runs(broken) : null, charts);
  }

  private static String runs(long n) {
    return n + (n == 1 ? " run" : " runs");
  }

  /** The run's reports to link, or null when its folder is gone (or was never one of ours). */
  private static Links links(Path reports, String folder) {
    if (folder == null
        || folder.isBlank()
        || folder.contains("/")
        || folder.contains("\\")
        || !Files.isDirectory(reports.resolve(folder))) {
      return null;
    }
    // A run of several injectors has no Gatling run of its own (its verification links each
    // injector's report). The index of a single run is written before Gatling's report is, while
    // its simulation.log is being written: that log is what says Gatling ran here.
    Path run = reports.resolve(folder);
    return new Links(
        folder,
        Files.isRegularFile(run.resolve("simulation.log"))
            || Files.isRegularFile(run.resolve("index.html")));
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
}
