package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.SoakShape;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Injections;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Whether it drifts: a steady moderate rate for hours; latency, heap and connection slopes per
 * window.
 */
public class SoakSimulation extends ProfileSimulation {
  static final LoadRun<SoakShape> run = LoadRun.open(SoakSimulation.class, LoadProfiles.SOAK);
  static final SoakShape shape = run.shape();

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder webhooks =
      scenario("soak: signed webhooks")
          .exec(Webhooks.signedWebhook(run.feeder(), run.hooks(), shape));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public SoakSimulation() {
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
