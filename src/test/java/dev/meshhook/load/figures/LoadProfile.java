package dev.meshhook.load.figures;

import dev.meshhook.load.config.Connections;
import dev.meshhook.load.config.ShapeReader;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import java.util.List;
import java.util.function.Function;

/**
 * A load profile as the suite knows it: the simulation that runs it (in {@code
 * dev.meshhook.load.simulations}, run by the pom profile of the block's name), how its shape is
 * read from its block of application.conf (in full and in quick mode), and the figures of its own
 * that are classified beside the common ones. Declared once, in {@link LoadProfiles}, for the run
 * and for a later re-verification alike.
 */
public record LoadProfile<S extends SuiteConfig.Shape>(
    String simulation, ShapeReader<S> reader, Figures<S> figures) {

  /** A profile's own figures from a run's evidence. */
  public interface Figures<S> {
    List<Classification.Row> rows(S shape, Evidence evidence, double warnMargin);
  }

  /** The package every profile's simulation is in. */
  public static final String SIMULATIONS = "dev.meshhook.load.simulations";

  /** The profile's block in application.conf, e.g. {@code livelogs} for LiveLogsSimulation. */
  public String block() {
    return simulation.replace("Simulation", "").toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * What the profile's availability is held to: its steady phase starts after its ramp (if it has
   * one), each second meets its p99 threshold, at its target.
   */
  public Availability.Rule availabilityIn(SuiteConfig config) {
    S s = shapeIn(config);
    java.time.Duration ramp =
        s instanceof SuiteConfig.SteadyShape steady
            ? steady.rampDuration()
            : java.time.Duration.ZERO;
    return new Availability.Rule(
        ramp,
        s.thresholds().p99Ms(),
        s.allowsShedding(),
        config.profiles().availabilityTarget(block()));
  }

  /**
   * How the profile's virtual users hold their connections to the target: its block's {@code
   * connections}, else {@code http.connections}.
   */
  public Connections connectionsIn(SuiteConfig config) {
    return config.profiles().connections(block());
  }

  /** The profile's shape as {@code config} sets it, validated. */
  public S shapeIn(SuiteConfig config) {
    return config.profiles().shape(reader);
  }

  /** The simulation's class name, for Gatling's {@code simulationClass}. */
  public String simulationClass() {
    return SIMULATIONS + "." + simulation;
  }

  /** The profile's figures for its shape in {@code config}. */
  public Function<Evidence, List<Classification.Row>> figuresIn(SuiteConfig config) {
    S s = shapeIn(config);
    double margin = config.warnMargin();
    return evidence -> figures.rows(s, evidence, margin);
  }
}
