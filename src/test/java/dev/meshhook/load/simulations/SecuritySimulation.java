package dev.meshhook.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.SecurityShape;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.run.ProbeParts;
import dev.meshhook.load.scenarios.Probes;
import dev.meshhook.load.scenarios.Protocols;
import dev.meshhook.load.scenarios.VerificationChain;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Security and tenancy under load: valid webhooks with every probe class beside them, one burst
 * over the rate limit in the middle, then verification, which judges each class.
 */
public class SecuritySimulation extends ProfileSimulation {
  static final LoadRun<SecurityShape> run =
      LoadRun.open(SecuritySimulation.class, LoadProfiles.SECURITY);
  static final SecurityShape shape = run.shape();
  // This injector's part of the load: the whole when it runs alone.
  static final Injectors share = run.injectors();
  static final double arrivals = Probes.totalRate(shape);
  // What the probes use of the run: the webhooks' feeder and hooks, the probes' hooks, the tenants.
  static final ProbeParts parts = ProbeParts.of(run);

  static final HttpProtocolBuilder protocol = Protocols.target(run.baseUrls(), run.connections());

  static final ScenarioBuilder webhooksAndProbes =
      scenario("security: signed webhooks and probes").exec(Probes.webhooksAndProbes(parts));

  static final ScenarioBuilder burst =
      scenario("security: a burst over the rate limit").exec(Probes.overRateLimit(parts));

  static final ScenarioBuilder verification = VerificationChain.verifyEveryRun(run.verification());

  public SecuritySimulation() {
    super(run);
    setUp(
            webhooksAndProbes
                .injectOpen(
                    rampUsersPerSec(share.rate(1))
                        .to(share.rate(arrivals))
                        .during(shape.rampDuration()),
                    constantUsersPerSec(share.rate(arrivals)).during(shape.duration()))
                .andThen(verification.injectOpen(atOnceUsers(1))),
            burst.injectOpen(
                nothingFor(shape.burstAfter()), atOnceUsers(share.users(shape.burst()))))
        .protocols(protocol)
        .assertions(
            VerificationChain.thresholdsAndVerdicts(shape.thresholds(), run.verification()));
  }
}
