package dev.meshhook.load.figures;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import java.util.List;
import java.util.function.Function;

/**
 * A load profile as the suite knows it: the simulation that runs it, where its shape sits in the
 * configuration, and the figures of its own that are classified beside the common ones. Declared
 * once, in {@link LoadProfiles}, for the run and for a later re-verification alike.
 */
public record LoadProfile<S extends SuiteConfig.Shape>(
    String simulation, Function<SuiteConfig, S> shape, Figures<S> figures) {

  /** A profile's own figures from a run's evidence. */
  public interface Figures<S> {
    List<Classification.Row> rows(S shape, Evidence evidence, double warnMargin);
  }

  /** The profile's block in application.conf, e.g. {@code livelogs} for LiveLogsSimulation. */
  public String block() {
    return simulation.replace("Simulation", "").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * What the profile's availability is held to: its steady phase starts after its ramp (if it has
   * one), each second meets its p99 threshold, at its target.
   */
  public Availability.Rule availabilityIn(SuiteConfig config) {
    S s = shape.apply(config);
    java.time.Duration ramp =
        s instanceof SuiteConfig.SteadyShape steady
            ? steady.rampDuration()
            : java.time.Duration.ZERO;
    return new Availability.Rule(
        ramp, s.thresholds().p99Ms(), s.allowsShedding(), config.availabilityTarget(block()));
  }

  /** The profile's figures for its shape in {@code config}. */
  public Function<Evidence, List<Classification.Row>> figuresIn(SuiteConfig config) {
    S s = shape.apply(config);
    double margin = config.warnMargin();
    return evidence -> figures.rows(s, evidence, margin);
  }
}
