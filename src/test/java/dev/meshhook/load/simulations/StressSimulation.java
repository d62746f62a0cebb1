package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.StressShape;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Injections;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Where it breaks: stairs of arrival rate until past the thresholds, then the base rate to recover.
 */
public class StressSimulation extends ProfileSimulation {
  static final LoadRun<StressShape> run = LoadRun.open(StressSimulation.class, LoadProfiles.STRESS);
  static final StressShape shape = run.shape();
  // This injector's part of the load: the whole when it runs alone.
  static final Injectors share = run.injectors();

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder webhooks =
      scenario("stress: signed webhooks")
          .exec(Webhooks.signedWebhook(run.feeder(), run.hooks(), shape));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public StressSimulation() {
    super(run);
    setUp(
            webhooks
                .injectOpen(Injections.stairs(shape, share))
                .andThen(verification.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        // Judged per level by the classification: the top of the stairs is meant to break.
        .assertions(VerificationChain.andVerdicts(run.verification()));
  }
}
