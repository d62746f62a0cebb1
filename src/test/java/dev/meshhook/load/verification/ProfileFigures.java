package dev.meshhook.load.verification;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.figures.ChaosFigures;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.ConcurrencyFigures;
import dev.meshhook.load.figures.OperationFigures;
import dev.meshhook.load.figures.SoakFigures;
import dev.meshhook.load.figures.SpikeFigures;
import dev.meshhook.load.figures.StreamFigures;
import dev.meshhook.load.figures.StressFigures;
import java.util.List;

/**
 * A profile's own figures by simulation name, for re-verifying a run folder: the shape comes from
 * the configuration at hand (with the run's quick flag), so knobs overridden on the original
 * command line must be given again.
 */
final class ProfileFigures {
  private ProfileFigures() {}

  static Verification.Profile of(
      String simulation,
      String target,
      SuiteConfig.Thresholds thresholds,
      double m,
      SuiteConfig config) {
    return switch (simulation) {
      case "SpikeSimulation" ->
          profile(
              simulation,
              target,
              thresholds,
              m,
              config.spike(),
              e -> SpikeFigures.rows(config.spike(), e, m));
      case "StressSimulation" ->
          profile(
              simulation,
              target,
              thresholds,
              m,
              config.stress(),
              e -> StressFigures.rows(config.stress(), e, m));
      case "SoakSimulation" ->
          profile(
              simulation,
              target,
              thresholds,
              m,
              config.soak(),
              e -> SoakFigures.rows(config.soak(), e, m));
      case "ConcurrencySimulation" ->
          profile(
              simulation,
              target,
              thresholds,
              m,
              config.concurrency(),
              e -> ConcurrencyFigures.rows(config.concurrency(), e, m));
      case "MixedSimulation" ->
          profile(
              simulation,
              target,
              thresholds,
              m,
              config.mixed(),
              e -> OperationFigures.mixed(config.mixed(), e, m));
      case "LiveLogsSimulation" ->
          profile(
              simulation,
              target,
              thresholds,
              m,
              config.liveLogs(),
              e ->
                  StreamFigures.rows(
                      e, config.liveLogs().eventP95Ms(), config.liveLogs().eventP99Ms(), m, true));
      case "HealthSimulation" ->
          profile(
              simulation,
              target,
              thresholds,
              m,
              config.health(),
              e -> OperationFigures.health(config.health(), e, m));
      case "ChaosSimulation" ->
          profile(
              simulation,
              target,
              thresholds,
              m,
              config.chaos(),
              e -> ChaosFigures.rows(config.chaos(), e, m));
      default -> new Verification.Profile(simulation, target, thresholds, m);
    };
  }

  private static Verification.Profile profile(
      String simulation,
      String target,
      SuiteConfig.Thresholds thresholds,
      double margin,
      SuiteConfig.Shape shape,
      java.util.function.Function<Evidence, List<Classification.Row>> figures) {
    return new Verification.Profile(
        simulation, target, thresholds, margin, shape.wholeRunThresholds(), figures);
  }
}
