package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.LiveLogsShape;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Injections;
import dev.meshhook.load.scenarios.LiveLogFollower;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Whether live logs stay fast: each arriving user triggers a run and follows its event stream to
 * the end.
 */
public class LiveLogsSimulation extends ProfileSimulation {
  static final LoadRun<LiveLogsShape> run =
      LoadRun.open(LiveLogsSimulation.class, LoadProfiles.LIVE_LOGS);
  static final LiveLogsShape shape = run.shape();

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder followers =
      scenario("livelogs: trigger and follow a run")
          .exec(Webhooks.signedWebhook(run.feeder(), run.hooks(), shape))
          .exec(LiveLogFollower.followRun(run.hooks(), run.tenants(), shape.followTimeout()));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public LiveLogsSimulation() {
    super(run);
    setUp(
            followers
                .injectOpen(Injections.rampThenSteady(shape, run.injectors()))
                .andThen(verification.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        .assertions(
            VerificationChain.thresholdsAndVerdicts(shape.thresholds(), run.verification()));
  }
}
