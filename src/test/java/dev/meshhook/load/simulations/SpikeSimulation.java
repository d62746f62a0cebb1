package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import dev.meshhook.load.scenarios.Webhooks;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Base rate, a burst of ten times it, base rate again: errors in the burst and seconds to recover.
 */
public class SpikeSimulation extends ProfileSimulation {
  static final LoadRun<SuiteConfig.SpikeShape> run =
      LoadRun.open(SpikeSimulation.class, LoadProfiles.SPIKE);
  static final SuiteConfig.SpikeShape shape = run.shape();
  // This injector's part of the load: the whole when it runs alone.
  static final Injectors share = run.injectors();

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder webhooks =
      scenario("spike: signed webhooks")
          .exec(Webhooks.signedWebhook(run.feeder(), run.hooks(), shape));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public SpikeSimulation() {
    super(run);
    setUp(
            webhooks
                .injectOpen(
                    constantUsersPerSec(share.rate(shape.rate())).during(shape.baseDuration()),
                    constantUsersPerSec(share.rate(shape.rate() * shape.factor()))
                        .during(shape.burstDuration()),
                    constantUsersPerSec(share.rate(shape.rate())).during(shape.baseDuration()))
                .andThen(verification.injectOpen(atOnceUsers(1))))
        .protocols(protocol)
        .assertions(
            VerificationChain.thresholdsAndVerdicts(shape.thresholds(), run.verification()));
  }
}
