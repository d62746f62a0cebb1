package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.MixedShape;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Injections;
import dev.meshhook.load.scenarios.Mixed;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * Realistic traffic: webhooks, run reads and lists, live logs and health checks by normalised
 * weights.
 */
public class MixedSimulation extends ProfileSimulation {
  static final LoadRun<MixedShape> run = LoadRun.open(MixedSimulation.class, LoadProfiles.MIXED);
  static final MixedShape shape = run.shape();
  // A followed stream gives up as a live-logs run's does.
  static final Duration followTimeout =
      LoadProfiles.LIVE_LOGS.shapeIn(run.config()).followTimeout();

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder operations =
      scenario("mixed: weighted operations")
          .exec(
              Mixed.weightedOperation(
                  run.feeder(), run.hooks(), run.tenants(), shape, followTimeout));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public MixedSimulation() {
    super(run);
    setUp(
            operations
                .injectOpen(Injections.rampThenSteady(shape, run.injectors()))
                .andThen(verification.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        .assertions(
            VerificationChain.thresholdsAndVerdicts(shape.thresholds(), run.verification()));
  }
}
