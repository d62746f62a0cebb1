package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Chaos;
import dev.meshhook.load.scenarios.Injections;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** Whether anything is lost or changed when things break: steady load while real faults strike. */
public class ChaosSimulation extends ProfileSimulation {
  static final LoadRun<ChaosShape> run = LoadRun.open(ChaosSimulation.class, LoadProfiles.CHAOS);
  static final ChaosShape shape = run.shape();
  static final Chaos chaos = Chaos.of(run.chaos(), run.verification(), shape);

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder webhooks =
      scenario("chaos: signed webhooks")
          .exec(Webhooks.signedWebhook(run.feeder(), run.hooks(), shape));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public ChaosSimulation() {
    // The fault schedule starts with the load, once the target is up, and stops before it.
    super(run, chaos::start);
    setUp(
            webhooks
                .injectOpen(Injections.rampThenSteady(shape, run.injectors()))
                .andThen(verification.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        // Judged by the verdicts (nothing lost, nothing changed) and recovery per fault.
        .assertions(VerificationChain.andVerdicts(run.verification()));
  }
}
