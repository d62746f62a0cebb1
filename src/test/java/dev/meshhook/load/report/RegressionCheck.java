package dev.meshhook.load.report;

import dev.meshhook.load.config.Regression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Holds a run's figures against its baseline: a pure function to a verdict. Throughput regresses
 * when it drops, latencies when they rise; each beyond its warn or fail tolerance in percent of the
 * baseline. With no baseline the verdict is {@code none}, said as such, never a silent pass; a
 * figure without a value on either side (NaN: nothing measured) is {@code unknown}, and so is the
 * verdict.
 */
public final class RegressionCheck {
  public enum Level {
    NONE,
    PASS,
    WARN,
    FAIL,
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One figure: this run's value, the baseline's, the change in % of the baseline (+ = up), its
   * level.
   */
  public record Row(
      String figure,
      String name,
      String unit,
      double value,
      double baseline,
      double changePercent,
      String rule,
      double warnPercent,
      double failPercent,
      Level level) {}

  public record Result(Level level, String baseline, List<Row> rows) {
    /**
     * One line for the console and the index: the level and each figure that moved beyond a
     * tolerance.
     */
    public String summary() {
      if (level == Level.NONE) {
        return baseline;
      }
      StringBuilder b = new StringBuilder(baseline);
      for (Row r : rows) {
        if (r.level() == Level.UNKNOWN) {
          b.append("; ").append(r.figure()).append(" unknown (no value)");
        } else if (r.level() != Level.PASS) {
          b.append("; ")
              .append(r.figure())
              .append(
                  String.format(
                      Locale.ROOT,
                      " %+.0f%% (%s -> %s %s) %s",
                      r.changePercent(),
                      number(r.baseline()),
                      number(r.value()),
                      r.unit(),
                      r.level().label()));
        }
      }
      return b.toString();
    }
  }

  private RegressionCheck() {}

  public static Result check(LoadFigures run, Baseline baseline, Regression.Tolerances t) {
    if (baseline.figures().isEmpty()) {
      return new Result(Level.NONE, baseline.description(), List.of());
    }
    LoadFigures base = baseline.figures().get();
    List<Row> rows = new ArrayList<>();
    rows.add(
        drop(
            "throughput",
            "throughputPerSecond",
            "webhooks/s",
            run.throughputPerSecond(),
            base.throughputPerSecond(),
            t));
    rows.add(rise("webhook p95", "httpP95Ms", run.httpP95Ms(), base.httpP95Ms(), t));
    rows.add(rise("webhook p99", "httpP99Ms", run.httpP99Ms(), base.httpP99Ms(), t));
    rows.add(rise("end-to-end p99", "endToEndP99Ms", run.endToEndP99Ms(), base.endToEndP99Ms(), t));
    Level worst = rows.stream().map(Row::level).max(Enum::compareTo).orElse(Level.PASS);
    return new Result(worst, baseline.description(), List.copyOf(rows));
  }

  private static Row drop(
      String figure, String name, String unit, double value, double base, Regression.Tolerances t) {
    double change = change(value, base);
    double drop = -change;
    Level level =
        !Double.isFinite(value) || !Double.isFinite(base)
            ? Level.UNKNOWN
            : base <= 0
                ? Level.PASS
                : drop > t.throughputDropFailPercent()
                    ? Level.FAIL
                    : drop > t.throughputDropWarnPercent() ? Level.WARN : Level.PASS;
    return new Row(
        figure,
        name,
        unit,
        value,
        base,
        change,
        "drop",
        t.throughputDropWarnPercent(),
        t.throughputDropFailPercent(),
        level);
  }

  private static Row rise(
      String figure, String name, double value, double base, Regression.Tolerances t) {
    double change = change(value, base);
    boolean noticeable = value - base >= t.minLatencyRiseMs();
    Level level =
        !Double.isFinite(value) || !Double.isFinite(base)
            ? Level.UNKNOWN
            : !noticeable
                ? Level.PASS
                : base <= 0 || change > t.latencyRiseFailPercent()
                    ? Level.FAIL
                    : change > t.latencyRiseWarnPercent() ? Level.WARN : Level.PASS;
    return new Row(
        figure,
        name,
        "ms",
        value,
        base,
        change,
        "rise",
        t.latencyRiseWarnPercent(),
        t.latencyRiseFailPercent(),
        level);
  }

  /**
   * Change in % of the baseline; 0 when both are 0, and +/-100 per unit when only the baseline is
   * 0.
   */
  private static double change(double value, double base) {
    if (base == 0) {
      return value == 0 ? 0 : Math.signum(value) * 100;
    }
    return 100 * (value - base) / base;
  }

  static String number(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%,.1f", v);
  }
}
