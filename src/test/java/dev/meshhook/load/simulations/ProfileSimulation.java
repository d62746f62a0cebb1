package dev.meshhook.load.simulations;

import dev.meshhook.load.run.LoadRun;
import io.gatling.javaapi.core.Simulation;

/** What every profile's simulation does around its load: start the target before, stop it after. */
public abstract class ProfileSimulation extends Simulation {
  private final LoadRun<?> run;

  protected ProfileSimulation(LoadRun<?> run) {
    this.run = run;
  }

  @Override
  public void before() {
    run.before();
  }

  @Override
  public void after() {
    run.after();
  }
}
