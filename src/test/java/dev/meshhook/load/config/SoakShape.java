package dev.meshhook.load.config;

import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.time.Duration;

/**
 * A steady, moderate arrival rate for a long time. The run is cut into windows; a least-squares
 * slope over the windows says whether webhook p99, the engine's old generation after collection and
 * the database's connections drift. A heap or connection slope past its limit is a leak.
 */
public record SoakShape(
    double rate,
    Duration rampDuration,
    Duration duration,
    Duration window,
    double maxP99SlopeMsPerMin,
    double maxHeapSlopeMbPerMin,
    double maxConnectionSlopePerMin,
    SuiteConfig.Thresholds thresholds)
    implements SuiteConfig.SteadyShape {

  public static SoakShape read(Settings s, boolean quick) {
    String timing = quick ? "soak.quick" : "soak";
    Duration limit = quick ? SuiteConfig.QUICK_LIMIT : Duration.ofHours(72);
    Settings.Phases phases = s.rampThenSteady(timing, limit);
    Duration ramp = phases.ramp();
    Duration duration = phases.steady();
    Duration window = s.duration(timing + ".window", Duration.ofSeconds(1), duration);
    if (duration.dividedBy(window) < 3) {
      throw new ConfigError(
          timing + ".window",
          Settings.human(window),
          "at most a third of "
              + timing
              + ".duration ("
              + Settings.human(duration)
              + "): a slope needs three windows");
    }
    return new SoakShape(
        s.positive("soak.rate"),
        ramp,
        duration,
        window,
        s.positive("soak.maxP99SlopeMsPerMin"),
        s.positive("soak.maxHeapSlopeMbPerMin"),
        s.positive("soak.maxConnectionSlopePerMin"),
        SuiteConfig.thresholds(s, "soak"));
  }
}
