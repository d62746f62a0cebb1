package dev.meshhook.load.config;

import dev.meshhook.load.settings.Settings;
import java.time.Duration;

/**
 * Stairs of arrival rate, {@code baseRate}, {@code baseRate + step}, ... for {@code levels} levels
 * of {@code levelDuration} joined by ramps, then the base rate again for {@code recoveryDuration}.
 * The breaking point is the highest level, counted from the bottom, whose answers keep p99 and
 * failed % within the thresholds; beyond it the engine may shed load, but only with 429 or 503 and
 * Retry-After.
 */
public record StressShape(
    double baseRate,
    double step,
    int levels,
    Duration levelDuration,
    Duration rampDuration,
    Duration recoveryDuration,
    double minBreakingPoint,
    int maxRecoverySeconds,
    boolean allowShedding,
    SuiteConfig.Thresholds thresholds)
    implements SuiteConfig.Shape {

  @Override
  public boolean allowsShedding() {
    return allowShedding;
  }

  /** Judged per level, not over the whole run: the top of the stairs is meant to break. */
  @Override
  public boolean wholeRunThresholds() {
    return false;
  }

  /** The nominal arrival rate of level {@code level} (0 = the base). */
  public double rateOf(int level) {
    return baseRate + level * step;
  }

  /** When level {@code level} starts, counted from the first request. */
  public Duration levelStart(int level) {
    return levelDuration.plus(rampDuration).multipliedBy(level);
  }

  /** When the stairs end and the recovery phase at the base rate begins. */
  public Duration stairsEnd() {
    return levelStart(levels - 1).plus(levelDuration);
  }

  /** The level run, or ramped up to, at {@code sinceFirstRequest}: 1 to levels, 0 in recovery. */
  @Override
  public java.util.OptionalInt stairAt(Duration sinceFirstRequest) {
    for (int level = 0; level < levels; level++) {
      if (sinceFirstRequest.compareTo(levelStart(level).plus(levelDuration)) < 0) {
        return java.util.OptionalInt.of(level + 1);
      }
    }
    return java.util.OptionalInt.of(0);
  }

  public static StressShape read(Settings s, boolean quick) {
    return read(s, "stress", quick);
  }

  /** Stairs from the configuration block {@code block} (stress, or scaling's own). */
  static StressShape read(Settings s, String block, boolean quick) {
    String timing = quick ? block + ".quick" : block;
    Duration limit = quick ? SuiteConfig.QUICK_LIMIT : Duration.ofHours(6);
    int levels = s.intAtLeast(timing + ".levels", 1);
    Duration level = s.duration(timing + ".levelDuration", Duration.ofSeconds(1), limit);
    Duration ramp = s.duration(timing + ".rampDuration", Duration.ZERO, limit);
    Duration recovery = s.duration(timing + ".recoveryDuration", Duration.ofSeconds(1), limit);
    Duration total = level.multipliedBy(levels).plus(ramp.multipliedBy(levels - 1L)).plus(recovery);
    Settings.within(
        timing + ".levelDuration",
        level,
        total,
        limit,
        levels + " levels, their ramps and the recovery phase");
    return new StressShape(
        s.positive(block + ".baseRate"),
        s.positive(timing + ".step"),
        levels,
        level,
        ramp,
        recovery,
        s.positive(block + ".minBreakingPoint"),
        s.intAtLeast(block + ".maxRecoverySeconds", 0),
        s.bool(block + ".allowShedding"),
        SuiteConfig.thresholds(s, block));
  }
}
