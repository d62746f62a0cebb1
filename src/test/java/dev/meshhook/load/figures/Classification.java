package dev.meshhook.load.figures;

import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.config.SuiteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * A profile's result as pass, warn, fail or unknown, next to the figures that decided it. A figure
 * fails past its threshold and warns within the warn margin of it: for "at most" thresholds from
 * {@code threshold × (1 - margin)}, for "at least" ones (a percentage) below {@code threshold +
 * margin × (100 - threshold)}. A judged figure without a value (NaN: no samples; or not finite) is
 * unknown, and so is the whole classification, as it is when nothing at all was judged: what was
 * not measured is never a pass, and a run that could not be judged must not read as one that merely
 * failed a threshold. Otherwise the worst row decides. Figures reported for information have no
 * threshold and decide nothing.
 */
public record Classification(Outcome level, List<Row> rows) {
  /**
   * A row's class: an {@link Outcome}, or {@code INFO} for a figure reported with no threshold. The
   * classification itself is an Outcome. Later is worse among rows: an unknown figure outweighs a
   * failed one, so a run that could not be judged does not read as one that merely failed a
   * threshold.
   */
  public enum Level {
    INFO,
    PASS,
    WARN,
    FAIL,
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome a judged row stands for. */
    public Outcome outcome() {
      if (this == INFO) {
        throw new IllegalStateException("a row reported for information judges nothing");
      }
      return Outcome.valueOf(name());
    }

    /** Whether a classification at this level lets the run pass. */
    public boolean passes() {
      return this == PASS || this == WARN;
    }
  }

  /**
   * One figure against its threshold; {@code why} says why an unknown figure has no value (null
   * otherwise).
   */
  public record Row(
      String figure,
      double value,
      String unit,
      String rule,
      double threshold,
      Level level,
      String why) {
    /** False for a figure reported for information, with no threshold. */
    public boolean judged() {
      return level != Level.INFO;
    }

    public String describe() {
      if (!judged()) {
        if (why != null) {
          return figure + " not judged: " + why;
        }
        return Double.isFinite(value)
            ? String.format(Locale.ROOT, "%s %s %s", figure, number(value), unit).stripTrailing()
            : figure + " n/a";
      }
      String limit =
          rule.isEmpty()
              ? ""
              : " (" + (rule + " " + number(threshold) + " " + unit).stripTrailing() + ")";
      if (level == Level.UNKNOWN) {
        return figure + " unknown: " + why + limit;
      }
      return (figure + " " + number(value) + " " + unit).stripTrailing() + limit;
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
    Level worst =
        rows.stream()
            .filter(Row::judged)
            .map(Row::level)
            .max(Enum::compareTo)
            .orElse(Level.UNKNOWN); // nothing judged proves nothing
    return new Classification(worst.outcome(), List.copyOf(rows));
  }

  public static Row atMost(
      String figure, double value, String unit, double threshold, double margin) {
    return judged(
        figure,
        value,
        unit,
        "<",
        threshold,
        v -> v >= threshold,
        v -> v >= threshold * (1 - margin));
  }

  /** Like {@link #atMost} but the threshold itself still passes (e.g. "recovered within 30 s"). */
  public static Row noMoreThan(
      String figure, double value, String unit, double threshold, double margin) {
    return judged(
        figure,
        value,
        unit,
        "<=",
        threshold,
        v -> v > threshold,
        v -> v > threshold * (1 - margin));
  }

  /** A percentage that must reach its threshold; warns within the margin of the room above it. */
  public static Row atLeast(
      String figure, double value, String unit, double threshold, double margin) {
    return judged(
        figure,
        value,
        unit,
        ">=",
        threshold,
        v -> v < threshold,
        v -> v < threshold + margin * (100 - threshold));
  }

  /**
   * A quantity that must reach its threshold (e.g. a breaking point); warns below threshold × (1 +
   * margin).
   */
  public static Row reaches(
      String figure, double value, String unit, double threshold, double margin) {
    return judged(
        figure,
        value,
        unit,
        ">=",
        threshold,
        v -> v < threshold,
        v -> v < threshold * (1 + margin));
  }

  /**
   * A judged figure that could not be computed at all (its evidence broke): unknown, with the error
   * as its reason.
   */
  public static Row broken(String figure, String error) {
    return new Row(figure, Double.NaN, "", "", Double.NaN, Level.UNKNOWN, error);
  }

  /** A figure reported beside the verdict with no threshold of its own (e.g. a per-level rate). */
  public static Row info(String figure, double value, String unit) {
    return new Row(figure, value, unit, "info", Double.NaN, Level.INFO, null);
  }

  /**
   * A figure this target gave nothing to judge by (e.g. a probe class it does not support): shown
   * with why, and neither a pass nor a failure.
   */
  public static Row notJudged(String figure, String why) {
    return new Row(figure, Double.NaN, "", "info", Double.NaN, Level.INFO, why);
  }

  private static Row judged(
      String figure,
      double value,
      String unit,
      String rule,
      double threshold,
      DoublePredicate fails,
      DoublePredicate warns) {
    if (!Double.isFinite(value)) {
      return new Row(figure, value, unit, rule, threshold, Level.UNKNOWN, unknownWhy(value));
    }
    Level level = fails.test(value) ? Level.FAIL : warns.test(value) ? Level.WARN : Level.PASS;
    return new Row(figure, value, unit, rule, threshold, level, null);
  }

  /** NaN is how every figure here says it had nothing to count; infinity is a broken division. */
  private static String unknownWhy(double value) {
    return Double.isNaN(value) ? "no samples" : "not a finite number (" + value + ")";
  }

  /** The unknown rows, which make the classification unknown. */
  public List<Row> unknown() {
    return rows.stream().filter(r -> r.level() == Level.UNKNOWN).toList();
  }

  public String summary() {
    StringBuilder b = new StringBuilder("classification: ").append(level);
    for (Row r : rows) {
      b.append(r == rows.get(0) ? " - " : "; ").append(r.describe());
      if (r.judged() && r.level() != Level.UNKNOWN) {
        b.append(' ').append(r.level().label());
      }
    }
    return b.toString();
  }

  /**
   * Why this classification fails the run, naming each unknown and each failed figure; empty when
   * it passes (pass or warn).
   */
  public Optional<String> failure() {
    if (level.passes()) {
      return Optional.empty();
    }
    List<String> named = new ArrayList<>();
    rows.stream().filter(r -> r.level() == Level.UNKNOWN).map(Row::describe).forEach(named::add);
    rows.stream()
        .filter(r -> r.level() == Level.FAIL)
        .map(r -> r.describe() + " fail")
        .forEach(named::add);
    if (named.isEmpty()) {
      named.add("no figure was judged");
    }
    return Optional.of("classification " + level + " fails the run: " + String.join("; ", named));
  }

  public static String number(double v) {
    if (!Double.isFinite(v)) {
      return "n/a"; // not measured at this target
    }
    return v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%,.2f", v);
  }
}
