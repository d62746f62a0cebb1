package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.run.GatlingHooks;
import dev.meshhook.load.run.Keys;
import dev.meshhook.load.run.WebhookSlots;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.List;

/** The signed-webhook chain: one fed record, one POST, one ledger line each way. */
public final class Webhooks {
  private Webhooks() {}

  /**
   * Each webhook from {@code feeder}, recorded by {@code hooks}; the shape says whether the engine
   * may shed load and the request's own timeout, if any.
   */
  public static ChainBuilder signedWebhook(
      WebhookFeeder feeder, GatlingHooks hooks, SuiteConfig.Shape shape) {
    boolean shedding = shape.allowsShedding();
    HttpRequestActionBuilder post =
        http(session ->
                session.getBoolean(Keys.BAD_SIGNATURE) ? Keys.WEBHOOK_BAD_SIGNATURE : Keys.WEBHOOK)
            .post("/api/hooks/#{" + Keys.SLUG + "}");
    post = shape.ownRequestTimeout().map(post::requestTimeout).orElse(post);
    WebhookSlots slots = hooks.slots();
    ChainBuilder fed = feed(feeder);
    if (slots.limited()) {
      // pool:N: waits for one of the N slots before it is sent (and before the ledger's clock).
      fed =
          fed.doIf(session -> !slots.take(session))
              .then(
                  exec(slots::startWaiting)
                      .asLongAs(session -> !slots.take(session))
                      .on(pause(slots::nextLook))
                      .exec(slots::stopWaiting));
    }
    ChainBuilder sent =
        fed.exec(hooks::sending)
            .exec(
                post.header(WebhookHeaders.LOAD_ID, "#{" + Keys.LOAD_ID + "}")
                    .header("Content-Type", "application/json")
                    .body(StringBody("#{" + Keys.BODY + "}"))
                    .sign(hooks::sign)
                    // Saves first, validates last: the ledger needs the status even when it is
                    // wrong.
                    // The first check stamps the answer: it runs as soon as Gatling has the whole
                    // answer, before the other checks and the next chain step (those took 0.4 ms at
                    // the
                    // median, 2.8 ms at p95 and 6.4 ms at p99 in a -Pload quick run on 2 busy
                    // cores).
                    .check(
                        status().transform(code -> hooks.now()).saveAs(Keys.ANSWERED_AT),
                        status().saveAs(Keys.STATUS),
                        bodyString().saveAs(Keys.RESPONSE),
                        header("Retry-After").optional().saveAs(Keys.RETRY_AFTER),
                        status().in(session -> allowed(session, shedding))));
    return (slots.limited() ? sent.exec(slots::giveBack) : sent).exec(hooks::answered);
  }

  /**
   * The expected status, plus 429 and 503 where the profile lets the engine shed load (for a
   * wrongly signed webhook too: the rate limit is checked before the signature).
   */
  private static List<Integer> allowed(Session session, boolean shedding) {
    int expected = session.getInt(Keys.EXPECTED_STATUS);
    return shedding ? List.of(expected, 429, 503) : List.of(expected);
  }
}
