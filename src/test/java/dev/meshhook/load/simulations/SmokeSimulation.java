package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Injections;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** Does it work at all: a short open-model load over every seeded workflow, then verification. */
public class SmokeSimulation extends ProfileSimulation {
  static final LoadRun<SuiteConfig.OpenShape> run =
      LoadRun.open(SmokeSimulation.class, LoadProfiles.SMOKE);
  static final SuiteConfig.OpenShape shape = run.shape();

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder webhooks =
      scenario("smoke: signed webhooks")
          .exec(Webhooks.signedWebhook(run.feeder(), run.hooks(), shape));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public SmokeSimulation() {
    super(run);
    setUp(
            webhooks
                .injectOpen(Injections.rampThenSteady(shape, run.injectors()))
                .andThen(verification.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        .assertions(
            VerificationChain.thresholdsAndVerdicts(shape.thresholds(), run.verification()));
  }
}
