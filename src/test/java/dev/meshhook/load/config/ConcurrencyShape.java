package dev.meshhook.load.config;

import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.settings.Settings;
import java.time.Duration;
import java.util.List;

/**
 * Closed model: levels of concurrent users, each user triggering one run and following it to its
 * end over the live-log stream, then making room for the next. The engine's rate limit is raised
 * for this profile (the question is how many workflows run at once, not where the limiter sits).
 */
public record ConcurrencyShape(
    List<Integer> levels,
    Duration levelDuration,
    Duration followTimeout,
    Duration requestTimeout,
    double engineRatePerSecond,
    int engineRateBurst,
    String engineHeap,
    SuiteConfig.Thresholds thresholds)
    implements SuiteConfig.Shape {

  @Override
  public EngineOptions engine(EngineOptions base) {
    return base.withRateLimit(engineRatePerSecond, engineRateBurst).withHeap(engineHeap);
  }

  /**
   * In a closed model a request waits for all users ahead of it, so the timeout must allow for
   * that.
   */
  @Override
  public java.util.Optional<Duration> ownRequestTimeout() {
    return java.util.Optional.of(requestTimeout);
  }

  public static ConcurrencyShape read(Settings s, boolean quick) {
    String timing = quick ? "concurrency.quick" : "concurrency";
    Duration limit = quick ? SuiteConfig.QUICK_LIMIT : Duration.ofHours(6);
    List<Integer> levels = s.intList(timing + ".levels", 1);
    Duration level = s.duration(timing + ".levelDuration", Duration.ofSeconds(1), limit);
    Settings.within(
        timing + ".levelDuration",
        level,
        level.multipliedBy(levels.size()),
        limit,
        levels.size() + " levels");
    return new ConcurrencyShape(
        levels,
        level,
        s.duration("concurrency.followTimeout", Duration.ofSeconds(1), Duration.ofMinutes(30)),
        s.duration("concurrency.requestTimeout", Duration.ofSeconds(1), Duration.ofMinutes(10)),
        s.positive("concurrency.engineRateLimit.perSecond"),
        s.intAtLeast("concurrency.engineRateLimit.burst", 1),
        s.heap("concurrency.engineHeap"),
        SuiteConfig.thresholds(s, "concurrency"));
  }
}
