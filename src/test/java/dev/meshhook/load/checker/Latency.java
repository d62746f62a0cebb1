package dev.meshhook.load.checker;

import java.util.Arrays;

/** Percentiles (nearest rank) of a set of durations in milliseconds. */
public record Latency(int count, long p50, long p95, long p99, long max) {
  public static final Latency NONE = new Latency(0, 0, 0, 0, 0);

  public static Latency of(long[] millis) {
    if (millis.length == 0) {
      return NONE;
    }
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new Latency(
        sorted.length,
        rank(sorted, 50),
        rank(sorted, 95),
        rank(sorted, 99),
        sorted[sorted.length - 1]);
  }

  /** False over no samples: every percentile is then unknown (n/a), not 0 ms. */
  public boolean measured() {
    return count > 0;
  }

  /** p50 as a figure: NaN (not measured) when there were no samples. */
  public double p50OrNaN() {
    return count == 0 ? Double.NaN : p50;
  }

  /**
   * p95 as a judged figure: NaN (not measured) when there were no samples, never a reassuring 0.
   */
  public double p95OrNaN() {
    return count == 0 ? Double.NaN : p95;
  }

  /** p99 as a judged figure: NaN (not measured) when there were no samples. */
  public double p99OrNaN() {
    return count == 0 ? Double.NaN : p99;
  }

  /** The slowest as a figure: NaN (not measured) when there were no samples. */
  public double maxOrNaN() {
    return count == 0 ? Double.NaN : max;
  }

  /** "p50 12 ms, p95 40 ms, p99 80 ms, max 95 ms", or "n/a" over no samples: never 0 ms. */
  public String describe() {
    if (!measured()) {
      return "n/a";
    }
    return String.format(
        java.util.Locale.ROOT,
        "p50 %,d ms, p95 %,d ms, p99 %,d ms, max %,d ms",
        p50,
        p95,
        p99,
        max);
  }

  static long rank(long[] sorted, double percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
