package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import dev.meshhook.load.config.SuiteConfig;
import io.gatling.javaapi.core.OpenInjectionStep;

/** Open-model shapes more than one profile uses. */
public final class Injections {
  private Injections() {}

  /** A linear ramp from 1/s to the rate, then the rate held for the steady phase. */
  public static OpenInjectionStep[] rampThenSteady(SuiteConfig.SteadyShape shape) {
    return new OpenInjectionStep[] {
      rampUsersPerSec(1).to(shape.rate()).during(shape.rampDuration()),
      constantUsersPerSec(shape.rate()).during(shape.duration())
    };
  }
}
