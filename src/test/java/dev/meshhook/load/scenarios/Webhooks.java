package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.meshhook.load.contract.WebhookHeaders;
import io.gatling.javaapi.core.ChainBuilder;

/** The signed-webhook chain: one fed record, one POST, one ledger line each way. */
public final class Webhooks {
  private Webhooks() {}

  public static ChainBuilder signedWebhook(SuiteRun<?> run) {
    return feed(run.feeder())
        .exec(
            http(session -> session.getBoolean(Keys.BAD_SIGNATURE) ? Keys.WEBHOOK_BAD_SIGNATURE : Keys.WEBHOOK)
                .post("/api/hooks/#{" + Keys.SLUG + "}")
                .header(WebhookHeaders.LOAD_ID, "#{" + Keys.LOAD_ID + "}")
                .header("Content-Type", "application/json")
                .body(StringBody("#{" + Keys.BODY + "}"))
                .sign(run::sign)
                // Saves first, validates last: the ledger needs the status even when it is wrong.
                .check(
                    status().saveAs(Keys.STATUS),
                    bodyString().saveAs(Keys.RESPONSE),
                    status().is(session -> session.getInt(Keys.EXPECTED_STATUS))))
        .exec(run::answered);
  }
}
