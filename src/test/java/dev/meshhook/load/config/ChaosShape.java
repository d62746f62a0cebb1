package dev.meshhook.load.config;

import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.settings.Settings;
import java.time.Duration;

/**
 * Steady open-model load while real faults hit the real processes: the engine killed with -9 and
 * restarted on the same database ({@code engineKills} times, down for {@code downtime} each), the
 * engine's database connections terminated ({@code connectionKills} times), PostgreSQL stopped fast
 * and started again ({@code postgresRestarts} times, down for {@code downtime}), the engine's pool
 * run dry by an outside client holding the runs table ({@code poolExhaustions} times, for {@code
 * poolHold}), spread evenly over the steady phase; after the drain, {@code manualEdits} runs'
 * stored status changed by SQL behind the engine's back, which replay must catch and name. The
 * engine's lease is short, so a killed engine's runs are taken over within the run.
 */
public record ChaosShape(
    double rate,
    Duration rampDuration,
    Duration duration,
    int engineKills,
    Duration downtime,
    int connectionKills,
    int postgresRestarts,
    int poolExhaustions,
    Duration poolHold,
    int manualEdits,
    Duration engineLease,
    int maxRecoverySeconds,
    SuiteConfig.Thresholds thresholds)
    implements SuiteConfig.SteadyShape {

  /**
   * A fault takes the engine away for a while: 503 with Retry-After and no answer at all are
   * expected then.
   */
  @Override
  public boolean allowsShedding() {
    return true;
  }

  /** Judged by what was lost (the checker) and by recovery per fault, not by whole-run latency. */
  @Override
  public boolean wholeRunThresholds() {
    return false;
  }

  @Override
  public EngineOptions engine(EngineOptions base) {
    return base.withLease(engineLease);
  }

  public static ChaosShape read(Settings s, boolean quick) {
    String timing = quick ? "chaos.quick" : "chaos";
    Settings.Phases phases =
        s.rampThenSteady(timing, quick ? SuiteConfig.QUICK_LIMIT : Duration.ofHours(24));
    return new ChaosShape(
        s.positive("chaos.rate"),
        phases.ramp(),
        phases.steady(),
        s.intAtLeast(timing + ".engineKills", 0),
        s.duration("chaos.downtime", Duration.ZERO, Duration.ofMinutes(5)),
        s.intAtLeast(timing + ".connectionKills", 0),
        s.intAtLeast(timing + ".postgresRestarts", 0),
        s.intAtLeast(timing + ".poolExhaustions", 0),
        // Below the engine's 10 s statement timeout, so the engine waits it out instead of failing
        // steps.
        s.duration("chaos.poolHold", Duration.ofMillis(100), Duration.ofSeconds(9)),
        s.intAtLeast("chaos.manualEdits", 0),
        s.duration("chaos.engineLease", Duration.ofSeconds(1), Duration.ofMinutes(10)),
        s.intAtLeast("chaos.maxRecoverySeconds", 0),
        SuiteConfig.thresholds(s, "chaos"));
  }
}
