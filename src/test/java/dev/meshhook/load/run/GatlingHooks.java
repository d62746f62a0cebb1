package dev.meshhook.load.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.config.Connections;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.evidence.OperationLog;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.live.LiveMetrics;
import io.gatling.http.client.Request;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Gatling session hooks of a load run: each webhook is written to the ledger as it is sent and
 * again as it is answered, signed over exactly the bytes sent, and every other request is written
 * to the operation log (each live-log stream numbered, to tell it apart there).
 */
public final class GatlingHooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<LoadLedger> ledger;
  private final Supplier<OperationLog> operations;
  private final LongSupplier clock;
  private final WebhookSigner signer;
  private final WebhookSigner wrongSigner;
  private final RecentRuns recentRuns;
  private final LiveMetrics live;
  // The target's URLs when there are several (replicas); empty for one.
  private final List<String> replicaUrls;
  private final AtomicLong streams = new AtomicLong();
  private final WebhookSlots slots;

  GatlingHooks(
      LoadRecorder recorder,
      WebhookSigner signer,
      WebhookSigner wrongSigner,
      RecentRuns recent,
      LiveMetrics live,
      List<String> targetUrls,
      Connections connections) {
    this(
        recorder::ledger,
        recorder::operations,
        System::currentTimeMillis,
        signer,
        wrongSigner,
        recent,
        live,
        targetUrls,
        connections);
  }

  GatlingHooks(
      Supplier<LoadLedger> ledger,
      Supplier<OperationLog> operations,
      LongSupplier clock,
      WebhookSigner signer,
      WebhookSigner wrongSigner,
      RecentRuns recent,
      LiveMetrics live,
      List<String> targetUrls,
      Connections connections) {
    this.slots = new WebhookSlots(connections);
    this.replicaUrls = targetUrls.size() > 1 ? List.copyOf(targetUrls) : List.of();
    this.live = live;
    this.ledger = ledger;
    this.operations = operations;
    this.clock = clock;
    this.signer = signer;
    this.wrongSigner = wrongSigner;
    this.recentRuns = recent;
  }

  /** The webhooks allowed in flight at once: all, but for {@code http.connections = pool:N}. */
  public WebhookSlots slots() {
    return slots;
  }

  /**
   * Records a webhook about to be sent, in the chain step just before the request: a request that
   * never gets a connection is in the ledger too, and its time counts from here, as Gatling's does
   * (Gatling's sign hook would be too late: it runs once a connection is there).
   */
  public Session sending(Session session) {
    long now =
        sent(
            session.getString(Keys.LOAD_ID),
            session.getString(Keys.SLUG),
            session.getInt(Keys.EXPECTED_STATUS),
            replica(session));
    return session.set(Keys.SENT_AT, now);
  }

  /**
   * The index of the replica Gatling's round robin gave this virtual user, -1 with one target (or a
   * URL that is none of the target's).
   */
  int replica(Session session) {
    if (replicaUrls.isEmpty() || !session.contains(Keys.GATLING_BASE_URL)) {
      return LedgerEntry.NO_REPLICA;
    }
    return replicaUrls.indexOf(session.getString(Keys.GATLING_BASE_URL));
  }

  /** Writes the sent line and returns the time it carries. */
  long sent(String loadId, String slug, int expectedStatus, int replica) {
    // The first webhook opens the run folder, the ledger and the operation log and starts the
    // resource sampler: the harness starting, not the webhook waiting. Timed before it, the first
    // few webhooks took 0.2-1.8 s longer in the ledger than in Gatling's records (0.1-0.3 s after:
    // cold code on both sides of Gatling's clock); a smoke run's p99 is its third slowest.
    LoadLedger open = ledger.get();
    long now = clock.getAsLong();
    open.sent(loadId, slug, now, expectedStatus, replica);
    live.webhookSent();
    return now;
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
    String runId =
        answer(
            session.getString(Keys.LOAD_ID),
            status,
            session.contains(Keys.RESPONSE) ? session.getString(Keys.RESPONSE) : null,
            session.contains(Keys.RETRY_AFTER),
            session.contains(Keys.ANSWERED_AT)
                ? OptionalLong.of(session.getLong(Keys.ANSWERED_AT))
                : OptionalLong.empty(),
            session.contains(Keys.SENT_AT)
                ? OptionalLong.of(session.getLong(Keys.SENT_AT))
                : OptionalLong.empty());
    Session next =
        session
            .remove(Keys.RETRY_AFTER)
            .remove(Keys.RUN_ID)
            .remove(Keys.SENT_AT)
            .remove(Keys.ANSWERED_AT);
    if (runId != null && status >= 200 && status < 300) {
      recentRuns.add(runId, session.getString(Keys.TENANT));
      next = next.set(Keys.RUN_ID, runId).set(Keys.RUN_TENANT, session.getString(Keys.TENANT));
    }
    return next;
  }

  /**
   * The time on the ledger's clock; the webhook's first check stamps its answer with it ({@link
   * Keys#ANSWERED_AT}).
   */
  public long now() {
    return clock.getAsLong();
  }

  /**
   * Writes the answered line and returns the run id it names. The answer's time is the one its
   * first check took, when there was an answer to check; a failure (no checks run) is timed now.
   */
  String answer(
      String loadId,
      int status,
      String body,
      boolean retryAfter,
      OptionalLong checkedAt,
      OptionalLong sentAt) {
    // Reading the body is the harness's work, after the answer came: the time is taken first.
    long at = checkedAt.isPresent() ? checkedAt.getAsLong() : clock.getAsLong();
    String runId = body == null ? null : runId(body);
    ledger.get().answered(loadId, status, at, runId, retryAfter);
    live.webhookAnswered(status, sentAt.isPresent() ? at - sentAt.getAsLong() : 0);
    return runId;
  }

  /**
   * The run id of a 202's body, when the target names one ({@code {"runId": ...}}, the reference
   * engine); MeshHook answers with an empty body, and any other body names none.
   */
  static String runId(String body) {
    // Streamed, not read into a tree: a tree of every answer was 4.6 % of the Gatling threads' CPU
    // samples at 400/s (bench-overhead with bench.jfr), for one field of the top-level object.
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("runId")) {
          return value == JsonToken.VALUE_STRING && !p.getText().isEmpty() ? p.getText() : null;
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A new live-log stream's number, to tell streams apart in the operation log. */
  public long nextStream() {
    return streams.incrementAndGet();
  }

  /**
   * The operation log, for what a live-log follower records itself: each event received and the
   * stream's end.
   */
  public OperationLog operations() {
    return operations.get();
  }

  /** Records one non-webhook request: its name, when it started and how it was answered. */
  public Session operation(Session session, String name) {
    int status = session.contains(Keys.STATUS) ? session.getInt(Keys.STATUS) : 0;
    long millis = session.contains(Keys.RESPONSE_MILLIS) ? session.getInt(Keys.RESPONSE_MILLIS) : 0;
    long now = clock.getAsLong();
    operations
        .get()
        .operation(
            name, now - millis, millis, status, !session.isFailed() && status > 0 && status < 400);
    live.operation(name, status);
    return session.remove(Keys.STATUS).remove(Keys.RESPONSE_MILLIS);
  }
}
