package dev.meshhook.load.charts;

/**
 * Time buckets over a run: one second each while a run is short, wider for long runs (2, 5, 10 s,
 * ... up to an hour) so that a two-hour soak still draws at most {@value #MAX_BUCKETS} points per
 * line and the report stays small. Bucket {@code i} covers {@code [start + i * width, start + (i +
 * 1) * width)}.
 */
public record Buckets(long startEpochMs, int widthSeconds, int count) {
  static final int MAX_BUCKETS = 600;
  private static final int[] WIDTHS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};

  /**
   * The narrowest width that covers {@code [start, end]} in at most {@value #MAX_BUCKETS} buckets.
   */
  public static Buckets over(long startEpochMs, long endEpochMs) {
    long span = Math.max(0, endEpochMs - startEpochMs) + 1;
    for (int width : WIDTHS) {
      long count = (span + width * 1000L - 1) / (width * 1000L);
      if (count <= MAX_BUCKETS || width == WIDTHS[WIDTHS.length - 1]) {
        return new Buckets(startEpochMs, width, (int) count);
      }
    }
    throw new AssertionError("unreachable");
  }

  /** The bucket of that moment, or -1 when it falls outside. */
  public int index(long epochMs) {
    if (epochMs < startEpochMs) {
      return -1;
    }
    long i = (epochMs - startEpochMs) / (widthSeconds * 1000L);
    return i < count ? (int) i : -1;
  }

  /** Each bucket's start, in seconds since the start. */
  public double[] x() {
    double[] x = new double[count];
    for (int i = 0; i < count; i++) {
      x[i] = (double) i * widthSeconds;
    }
    return x;
  }
}
