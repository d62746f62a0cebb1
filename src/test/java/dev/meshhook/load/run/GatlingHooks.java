package dev.meshhook.load.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import io.gatling.http.client.Request;
import io.gatling.javaapi.core.Session;
import java.io.IOException;

/**
 * The Gatling session hooks of a load run: each webhook is written to the ledger as it is sent and
 * again as it is answered, signed over exactly the bytes sent, and every other request is written
 * to the operation log.
 */
public final class GatlingHooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoadRecorder recorder;
  private final WebhookSigner signer;
  private final WebhookSigner wrongSigner;
  private final RecentRuns recentRuns;

  GatlingHooks(
      LoadRecorder recorder, WebhookSigner signer, WebhookSigner wrongSigner, RecentRuns recent) {
    this.recorder = recorder;
    this.signer = signer;
    this.wrongSigner = wrongSigner;
    this.recentRuns = recent;
  }

  /**
   * Records a webhook about to be sent, in the chain step just before the request: a request that
   * never gets a connection is in the ledger too, and its time counts from here, as Gatling's does.
   */
  public Session sending(Session session) {
    long now = System.currentTimeMillis();
    recorder
        .ledger()
        .sent(
            session.getString(Keys.LOAD_ID),
            session.getString(Keys.SLUG),
            now,
            session.getInt(Keys.EXPECTED_STATUS));
    return session.set(Keys.SENT_AT, now);
  }

  /** Gatling's sign hook: signs exactly the bytes about to be sent. */
  public Request sign(Request request, Session session) {
    byte[] body = request.getBody().getBytes();
    boolean wrong = session.getBoolean(Keys.BAD_SIGNATURE);
    String signature = wrong ? wrongSigner.sign(body) : signer.sign(body);
    request.getHeaders().set(WebhookHeaders.SIGNATURE, signature);
    return request;
  }

  /**
   * Records the answer (or its absence: status 0) of the webhook just sent, and keeps the run id in
   * the session (and among the recent runs) for chains that read or follow it.
   */
  public Session answered(Session session) {
    int status = session.contains(Keys.STATUS) ? session.getInt(Keys.STATUS) : 0;
    String runId = session.contains(Keys.RESPONSE) ? runId(session.getString(Keys.RESPONSE)) : null;
    recorder
        .ledger()
        .answered(
            session.getString(Keys.LOAD_ID),
            status,
            System.currentTimeMillis(),
            runId,
            session.contains(Keys.RETRY_AFTER));
    Session next = session.remove(Keys.RETRY_AFTER).remove(Keys.RUN_ID).remove(Keys.SENT_AT);
    if (runId != null && status >= 200 && status < 300) {
      recentRuns.add(runId, session.getString(Keys.TENANT));
      next = next.set(Keys.RUN_ID, runId).set(Keys.RUN_TENANT, session.getString(Keys.TENANT));
    }
    return next;
  }

  /**
   * The run id of a 202's body, when the target names one ({@code {"runId": ...}}, the reference
   * engine); MeshHook answers with an empty body, and any other body names none.
   */
  static String runId(String body) {
    try {
      JsonNode id = JSON.readTree(body).path("runId");
      return id.isTextual() && !id.asText().isEmpty() ? id.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Records one non-webhook request: its name, when it started and how it was answered. */
  public Session operation(Session session, String name) {
    int status = session.contains(Keys.STATUS) ? session.getInt(Keys.STATUS) : 0;
    long millis = session.contains(Keys.RESPONSE_MILLIS) ? session.getInt(Keys.RESPONSE_MILLIS) : 0;
    long now = System.currentTimeMillis();
    recorder
        .operations()
        .operation(
            name, now - millis, millis, status, !session.isFailed() && status > 0 && status < 400);
    return session.remove(Keys.STATUS).remove(Keys.RESPONSE_MILLIS);
  }
}
