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
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every load profile: its simulation, how its shape is read (in full and quick), and the figures it
 * adds; the one place that says so. A new profile is a line here, its simulation, its block in
 * application.conf and its pom profile (LoadProfilesTest fails until all four are there). A
 * simulation opens its run with its profile from here, and re-verification finds the same profile
 * by simulation name.
 */
public final class LoadProfiles {
  public static final LoadProfile<SuiteConfig.OpenShape> SMOKE =
      new LoadProfile<>(
          "SmokeSimulation",
          (s, quick) -> SuiteConfig.OpenShape.read(s, "smoke", quick, Duration.ofMinutes(1)),
          none());
  public static final LoadProfile<SuiteConfig.OpenShape> LOAD =
      new LoadProfile<>(
          "LoadSimulation",
          (s, quick) -> SuiteConfig.OpenShape.read(s, "load", quick, Duration.ofHours(24)),
          none());
  public static final LoadProfile<SuiteConfig.SpikeShape> SPIKE =
      new LoadProfile<>("SpikeSimulation", SuiteConfig.SpikeShape::read, SpikeFigures::rows);
  public static final LoadProfile<StressShape> STRESS =
      new LoadProfile<>("StressSimulation", StressShape::read, StressFigures::rows);
  public static final LoadProfile<SoakShape> SOAK =
      new LoadProfile<>("SoakSimulation", SoakShape::read, SoakFigures::rows);
  public static final LoadProfile<ConcurrencyShape> CONCURRENCY =
      new LoadProfile<>("ConcurrencySimulation", ConcurrencyShape::read, ConcurrencyFigures::rows);
  public static final LoadProfile<MixedShape> MIXED =
      new LoadProfile<>("MixedSimulation", MixedShape::read, OperationFigures::mixed);
  public static final LoadProfile<LiveLogsShape> LIVE_LOGS =
      new LoadProfile<>(
          "LiveLogsSimulation",
          LiveLogsShape::read,
          (shape, evidence, margin) ->
              StreamFigures.rows(evidence, shape.eventP95Ms(), shape.eventP99Ms(), margin, true));
  public static final LoadProfile<HealthShape> HEALTH =
      new LoadProfile<>("HealthSimulation", HealthShape::read, OperationFigures::health);
  public static final LoadProfile<ChaosShape> CHAOS =
      new LoadProfile<>("ChaosSimulation", ChaosShape::read, ChaosFigures::rows);

  public static final LoadProfile<ScalingShape> SCALING =
      new LoadProfile<>("ScalingSimulation", ScalingShape::read, ScalingFigures::rows);

  /** Its probes are judged for any profile that sent some: they need no figures of their own. */
  public static final LoadProfile<SecurityShape> SECURITY =
      new LoadProfile<>("SecuritySimulation", SecurityShape::read, none());

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

  /**
   * Reads every profile's block, so that a bad value in any of them stops a run before its first
   * request, naming the key, as the rest of the configuration does.
   */
  public static void validate(SuiteConfig config) {
    for (LoadProfile<?> profile : ALL) {
      profile.availabilityIn(config);
      profile.connectionsIn(config);
    }
  }

  private static <S extends SuiteConfig.Shape> LoadProfile.Figures<S> none() {
    return (shape, evidence, margin) -> List.of();
  }
}
