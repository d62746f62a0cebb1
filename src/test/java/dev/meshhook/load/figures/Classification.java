package dev.meshhook.load.figures;

import dev.meshhook.load.config.SuiteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A profile's result as pass, warn or fail, next to the figures that decided it. A figure fails
 * past its threshold and warns within the warn margin of it: for "at most" thresholds from {@code
 * threshold × (1 - margin)}, for "at least" ones (a percentage) below {@code threshold + margin ×
 * (100 - threshold)}. The worst row decides. A judged figure that was not measured (NaN: no
 * samples) fails its row: nothing measured is never a pass.
 */
public record Classification(Level level, List<Row> rows) {
  public enum Level {
    PASS,
    WARN,
    FAIL
  }

  /** One figure against its threshold. */
  public record Row(
      String figure, double value, String unit, String rule, double threshold, Level level) {
    /** False for a figure reported for information, with no threshold. */
    public boolean judged() {
      return !Double.isNaN(threshold);
    }

    public String describe() {
      if (!judged()) {
        return String.format(Locale.ROOT, "%s %s %s", figure, number(value), unit);
      }
      if (Double.isNaN(value)) {
        return String.format(
            Locale.ROOT, "%s not measured (%s %s %s)", figure, rule, number(threshold), unit);
      }
      return String.format(
          Locale.ROOT,
          "%s %s %s (%s %s %s)",
          figure,
          number(value),
          unit,
          rule,
          number(threshold),
          unit);
    }
  }

  public static Classification of(HttpFigures http, SuiteConfig.Thresholds t, double margin) {
    return of(http, t, margin, List.of());
  }

  /** With a profile's own figures (e.g. a spike's recovery) after the common ones. */
  public static Classification of(
      HttpFigures http, SuiteConfig.Thresholds t, double margin, List<Row> extra) {
    List<Row> rows = new ArrayList<>();
    rows.add(atMost("webhook p95", http.latency().p95OrNaN(), "ms", t.p95Ms(), margin));
    rows.add(atMost("webhook p99", http.latency().p99OrNaN(), "ms", t.p99Ms(), margin));
    rows.add(atMost("failed", http.failedPercent(), "%", t.maxFailedPercent(), margin));
    rows.add(atLeast("accepted", http.successPercent(), "%", t.minSuccessPercent(), margin));
    rows.addAll(extra);
    return of(rows);
  }

  /** Only the given rows: for a profile that judges its answers its own way. */
  public static Classification of(List<Row> rows) {
    Level worst = rows.stream().map(Row::level).max(Enum::compareTo).orElse(Level.PASS);
    return new Classification(worst, List.copyOf(rows));
  }

  public static Row atMost(
      String figure, double value, String unit, double threshold, double margin) {
    Level level =
        Double.isNaN(value) || value >= threshold
            ? Level.FAIL
            : value >= threshold * (1 - margin) ? Level.WARN : Level.PASS;
    return new Row(figure, value, unit, "<", threshold, level);
  }

  /** Like {@link #atMost} but the threshold itself still passes (e.g. "recovered within 30 s"). */
  public static Row noMoreThan(
      String figure, double value, String unit, double threshold, double margin) {
    Level level =
        Double.isNaN(value) || value > threshold
            ? Level.FAIL
            : value > threshold * (1 - margin) ? Level.WARN : Level.PASS;
    return new Row(figure, value, unit, "<=", threshold, level);
  }

  /** A percentage that must reach its threshold; warns within the margin of the room above it. */
  public static Row atLeast(
      String figure, double value, String unit, double threshold, double margin) {
    Level level =
        Double.isNaN(value) || value < threshold
            ? Level.FAIL
            : value < threshold + margin * (100 - threshold) ? Level.WARN : Level.PASS;
    return new Row(figure, value, unit, ">=", threshold, level);
  }

  /**
   * A quantity that must reach its threshold (e.g. a breaking point); warns below threshold × (1 +
   * margin).
   */
  public static Row reaches(
      String figure, double value, String unit, double threshold, double margin) {
    Level level =
        Double.isNaN(value) || value < threshold
            ? Level.FAIL
            : value < threshold * (1 + margin) ? Level.WARN : Level.PASS;
    return new Row(figure, value, unit, ">=", threshold, level);
  }

  /** A figure reported beside the verdict with no threshold of its own (e.g. a per-level rate). */
  public static Row info(String figure, double value, String unit) {
    return new Row(figure, value, unit, "info", Double.NaN, Level.PASS);
  }

  public String summary() {
    StringBuilder b = new StringBuilder("classification: ").append(level);
    for (Row r : rows) {
      b.append(r == rows.get(0) ? " - " : "; ").append(r.describe());
      if (r.judged()) {
        b.append(' ').append(r.level().name().toLowerCase(Locale.ROOT));
      }
    }
    return b.toString();
  }

  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a"; // not measured at this target
    }
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%,.2f", v);
  }
}
