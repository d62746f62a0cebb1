package dev.meshhook.load.config;

import dev.meshhook.load.settings.Settings;
import java.time.Duration;

/**
 * Closed model: {@code users} health checks at once, back to back, while webhooks arrive at {@code
 * webhookRate} beside them; health latency under load is what is judged.
 */
public record HealthShape(
    int users,
    Duration duration,
    double webhookRate,
    int healthP95Ms,
    int healthP99Ms,
    SuiteConfig.Thresholds thresholds)
    implements SuiteConfig.Shape {

  public static HealthShape read(Settings s, boolean quick) {
    String timing = quick ? "health.quick" : "health";
    Duration limit = quick ? SuiteConfig.QUICK_LIMIT : Duration.ofHours(24);
    return new HealthShape(
        s.intAtLeast("health.users", 1),
        s.duration(timing + ".duration", Duration.ofSeconds(1), limit),
        s.positive("health.webhookRate"),
        s.intAtLeast("health.healthP95Ms", 1),
        s.intAtLeast("health.healthP99Ms", 1),
        SuiteConfig.thresholds(s, "health"));
  }
}
