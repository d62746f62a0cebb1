package dev.meshhook.load.figures;

import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.config.ConcurrencyShape;
import dev.meshhook.load.config.HealthShape;
import dev.meshhook.load.config.LiveLogsShape;
import dev.meshhook.load.config.MixedShape;
import dev.meshhook.load.config.ScalingShape;
import dev.meshhook.load.config.SecurityShape;
import dev.meshhook.load.config.SoakShape;
import dev.meshhook.load.config.StressShape;
import dev.meshhook.load.config.SuiteConfig;
import java.util.List;
import java.util.Optional;

/**
 * Every load profile, with the figures it adds: the one place that says so. A simulation opens its
 * run with its profile from here, and re-verification finds the same profile by simulation name.
 */
public final class LoadProfiles {
  public static final LoadProfile<SuiteConfig.OpenShape> SMOKE =
      new LoadProfile<>("SmokeSimulation", SuiteConfig::smoke, none());
  public static final LoadProfile<SuiteConfig.OpenShape> LOAD =
      new LoadProfile<>("LoadSimulation", SuiteConfig::loadProfile, none());
  public static final LoadProfile<SuiteConfig.SpikeShape> SPIKE =
      new LoadProfile<>("SpikeSimulation", SuiteConfig::spike, SpikeFigures::rows);
  public static final LoadProfile<StressShape> STRESS =
      new LoadProfile<>("StressSimulation", SuiteConfig::stress, StressFigures::rows);
  public static final LoadProfile<SoakShape> SOAK =
      new LoadProfile<>("SoakSimulation", SuiteConfig::soak, SoakFigures::rows);
  public static final LoadProfile<ConcurrencyShape> CONCURRENCY =
      new LoadProfile<>(
          "ConcurrencySimulation", SuiteConfig::concurrency, ConcurrencyFigures::rows);
  public static final LoadProfile<MixedShape> MIXED =
      new LoadProfile<>("MixedSimulation", SuiteConfig::mixed, OperationFigures::mixed);
  public static final LoadProfile<LiveLogsShape> LIVE_LOGS =
      new LoadProfile<>(
          "LiveLogsSimulation",
          SuiteConfig::liveLogs,
          (shape, evidence, margin) ->
              StreamFigures.rows(evidence, shape.eventP95Ms(), shape.eventP99Ms(), margin, true));
  public static final LoadProfile<HealthShape> HEALTH =
      new LoadProfile<>("HealthSimulation", SuiteConfig::health, OperationFigures::health);
  public static final LoadProfile<ChaosShape> CHAOS =
      new LoadProfile<>("ChaosSimulation", SuiteConfig::chaos, ChaosFigures::rows);

  public static final LoadProfile<ScalingShape> SCALING =
      new LoadProfile<>("ScalingSimulation", SuiteConfig::scaling, ScalingFigures::rows);

  /** Its probes are judged for any profile that sent some: they need no figures of their own. */
  public static final LoadProfile<SecurityShape> SECURITY =
      new LoadProfile<>("SecuritySimulation", SuiteConfig::security, none());

  public static final List<LoadProfile<?>> ALL =
      List.of(
          SMOKE,
          LOAD,
          SPIKE,
          STRESS,
          SOAK,
          CONCURRENCY,
          MIXED,
          LIVE_LOGS,
          HEALTH,
          CHAOS,
          SECURITY,
          SCALING);

  private LoadProfiles() {}

  /** The profile whose simulation has this simple class name. */
  public static Optional<LoadProfile<?>> named(String simulation) {
    return ALL.stream().filter(p -> p.simulation().equals(simulation)).findFirst();
  }

  private static <S extends SuiteConfig.Shape> LoadProfile.Figures<S> none() {
    return (shape, evidence, margin) -> List.of();
  }
}
