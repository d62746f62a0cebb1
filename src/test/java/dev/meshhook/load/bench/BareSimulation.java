package dev.meshhook.load.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.ledger.LoadIds;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * The floor the suite's overhead is measured against (-Pbench-overhead): the same signed webhooks
 * as the load profile, at its rate and for its ramp and steady phase, against the same target, and
 * nothing else: a feeder, the HMAC signature, the POST and a status check. No ledger, no hooks, no
 * live metrics, no sampling, no verification.
 */
public class BareSimulation extends Simulation {
  static final SuiteConfig config = SuiteConfig.load();
  static final SuiteConfig.OpenShape shape = LoadProfiles.LOAD.shapeIn(config);
  static final WebhookSigner signer = new WebhookSigner(config.target().webhookSecret().reveal());
  static final WebhookFeeder feeder =
      new WebhookFeeder(
          new LoadIds(LoadIds.newRunTag(), "bare"),
          WorkflowMix.load(config.feeder().workflows()),
          0);

  static final HttpProtocolBuilder protocol = http.baseUrl(config.target().url());

  static final ScenarioBuilder webhooks =
      scenario("bare: signed webhooks")
          .feed(feeder)
          .exec(
              http("webhook")
                  .post("/api/hooks/#{" + WebhookFeeder.SLUG + "}")
                  .header(WebhookHeaders.LOAD_ID, "#{" + WebhookFeeder.LOAD_ID + "}")
                  .header("Content-Type", "application/json")
                  .body(StringBody("#{" + WebhookFeeder.BODY + "}"))
                  .sign(
                      (request, session) -> {
                        request
                            .getHeaders()
                            .set(
                                WebhookHeaders.SIGNATURE,
                                signer.sign(request.getBody().getBytes()));
                        return request;
                      })
                  .check(status().is(202)));

  public BareSimulation() {
    setUp(
            webhooks.injectOpen(
                rampUsersPerSec(1).to(shape.rate()).during(shape.rampDuration()),
                constantUsersPerSec(shape.rate()).during(shape.duration())))
        .protocols(protocol);
  }
}
