package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.HealthShape;
import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Operations;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/** Health checks under load: a hundred in flight at once while webhooks keep arriving. */
public class HealthSimulation extends ProfileSimulation {
  static final LoadRun<HealthShape> run = LoadRun.open(HealthSimulation.class, LoadProfiles.HEALTH);
  static final HealthShape shape = run.shape();
  // This injector's part of the load: the whole when it runs alone.
  static final Injectors share = run.injectors();

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder healthChecks =
      scenario("health: checks").exec(Operations.health(run.hooks()));

  static final ScenarioBuilder webhooks =
      scenario("health: signed webhooks beside them")
          .exec(Webhooks.signedWebhook(run.feeder(), run.hooks(), shape));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public HealthSimulation() {
    super(run);
    setUp(
            webhooks
                .injectOpen(
                    constantUsersPerSec(share.rate(shape.webhookRate())).during(shape.duration()))
                .andThen(verification.injectOpen(atOnceUsers(1))),
            healthChecks.injectClosed(
                constantConcurrentUsers(share.users(shape.users())).during(shape.duration())))
        .protocols(protocol)
        .assertions(
            VerificationChain.thresholdsAndVerdicts(shape.thresholds(), run.verification()));
  }
}
