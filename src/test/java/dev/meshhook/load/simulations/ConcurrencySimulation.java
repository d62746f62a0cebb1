package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.ConcurrencyShape;
import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.LiveLogFollower;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Whether thousands of concurrent workflows all complete: levels of users, each following its run
 * to the end.
 */
public class ConcurrencySimulation extends ProfileSimulation {
  static final LoadRun<ConcurrencyShape> run =
      LoadRun.open(ConcurrencySimulation.class, LoadProfiles.CONCURRENCY);
  static final ConcurrencyShape shape = run.shape();
  // This injector's part of the load: the whole when it runs alone.
  static final Injectors share = run.injectors();

  // Thousands of users: concurrency.connections = shared, one pool instead of one per user.
  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder workflows =
      scenario("concurrency: trigger and follow a run")
          .exec(Webhooks.signedWebhook(run.feeder(), run.hooks(), shape))
          .exec(LiveLogFollower.followRun(run.hooks(), run.tenants(), shape.followTimeout()));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  static final ClosedInjectionStep[] levels =
      shape.levels().stream()
          .map(users -> constantConcurrentUsers(share.users(users)).during(shape.levelDuration()))
          .toArray(ClosedInjectionStep[]::new);

  public ConcurrencySimulation() {
    super(run);
    setUp(workflows.injectClosed(levels).andThen(verification.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        .assertions(
            VerificationChain.thresholdsAndVerdicts(shape.thresholds(), run.verification()));
  }
}
