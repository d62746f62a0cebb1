package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.StressShape;
import dev.meshhook.load.config.SuiteConfig;
import io.gatling.javaapi.core.OpenInjectionStep;

/** Open-model shapes more than one profile uses. */
public final class Injections {
  private Injections() {}

  /**
   * A linear ramp from 1/s to the rate, then the rate held for the steady phase: this injector's
   * share of both (the whole, alone).
   */
  public static OpenInjectionStep[] rampThenSteady(
      SuiteConfig.SteadyShape shape, Injectors injectors) {
    return new OpenInjectionStep[] {
      rampUsersPerSec(injectors.rate(1))
          .to(injectors.rate(shape.rate()))
          .during(shape.rampDuration()),
      constantUsersPerSec(injectors.rate(shape.rate())).during(shape.duration())
    };
  }

  /**
   * Stairs of arrival rate from the base rate up by a step per level, joined by ramps, then the
   * base rate to recover: this injector's share of each (the whole, alone).
   */
  public static OpenInjectionStep[] stairs(StressShape shape, Injectors injectors) {
    return new OpenInjectionStep[] {
      incrementUsersPerSec(injectors.rate(shape.step()))
          .times(shape.levels())
          .eachLevelLasting(shape.levelDuration())
          .separatedByRampsLasting(shape.rampDuration())
          .startingFrom(injectors.rate(shape.baseRate())),
      constantUsersPerSec(injectors.rate(shape.baseRate())).during(shape.recoveryDuration())
    };
  }
}
