package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;

import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.ScalingShape;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.Scaling;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * How the engine scales out: the same stairs at 1, 2, 4, ... engine replicas on one database, the
 * replicas added between counts, then every run of every count verified.
 */
public class ScalingSimulation extends ProfileSimulation {
  static final LoadRun<ScalingShape> run =
      LoadRun.open(ScalingSimulation.class, LoadProfiles.SCALING);
  static final ScalingShape shape = run.shape();
  // This injector's part of the load: the whole when it runs alone.
  static final Injectors share = run.injectors();

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ChainBuilder webhook = Webhooks.signedWebhook(run.feeder(), run.hooks(), shape);
  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public ScalingSimulation() {
    super(run);
    setUp(
            Scaling.stairsAtEachCount(
                webhook,
                shape,
                share,
                run.scaleOut(),
                run.connections(),
                verification.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        // Judged per level of each count's stairs: the top of each is meant to break.
        .assertions(VerificationChain.andVerdicts(run.verification()));
  }
}
