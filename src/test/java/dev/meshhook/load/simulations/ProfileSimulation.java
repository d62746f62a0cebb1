package dev.meshhook.load.simulations;

import dev.meshhook.load.run.LoadRun;
import io.gatling.javaapi.core.Simulation;

/**
 * What every profile's simulation does around its load: start the run's parts before (the target
 * first), stop them after, in reverse.
 */
public abstract class ProfileSimulation extends Simulation {
  private final LoadRun<?> run;
  private final LoadRun.Part[] startedWithTheLoad;

  /**
   * {@code startedWithTheLoad}: parts of the simulation's own, started after the run's and stopped
   * before them.
   */
  protected ProfileSimulation(LoadRun<?> run, LoadRun.Part... startedWithTheLoad) {
    this.run = run;
    this.startedWithTheLoad = startedWithTheLoad;
  }

  @Override
  public void before() {
    run.before(startedWithTheLoad);
  }

  @Override
  public void after() {
    run.after();
  }
}
