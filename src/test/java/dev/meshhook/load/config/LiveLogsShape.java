package dev.meshhook.load.config;

import dev.meshhook.load.settings.Settings;
import java.time.Duration;

/**
 * Open model of live-log followers: each arriving user triggers a run and follows its event stream
 * to the end. Event latency is the time from the event's timestamp in the database to its arrival
 * at the client, for events committed after the client connected.
 */
public record LiveLogsShape(
    double rate,
    Duration rampDuration,
    Duration duration,
    Duration followTimeout,
    int eventP95Ms,
    int eventP99Ms,
    SuiteConfig.Thresholds thresholds)
    implements SuiteConfig.SteadyShape {

  public static LiveLogsShape read(Settings s, boolean quick) {
    String timing = quick ? "livelogs.quick" : "livelogs";
    Duration limit = quick ? SuiteConfig.QUICK_LIMIT : Duration.ofHours(24);
    Settings.Phases phases = s.rampThenSteady(timing, limit);
    Duration ramp = phases.ramp();
    Duration duration = phases.steady();
    return new LiveLogsShape(
        s.positive("livelogs.rate"),
        ramp,
        duration,
        s.duration("livelogs.followTimeout", Duration.ofSeconds(1), Duration.ofMinutes(30)),
        s.intAtLeast("livelogs.eventP95Ms", 1),
        s.intAtLeast("livelogs.eventP99Ms", 1),
        SuiteConfig.thresholds(s, "livelogs"));
  }
}
