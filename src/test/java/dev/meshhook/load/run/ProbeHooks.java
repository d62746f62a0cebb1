package dev.meshhook.load.run;

import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.feeders.WebhookProbes;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.ledger.ProbeClass;
import dev.meshhook.load.ledger.ProbeLedger;
import dev.meshhook.load.live.LiveMetrics;
import io.gatling.http.client.Request;
import io.gatling.javaapi.core.Session;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The Gatling session hooks of the security probes: each probe is written to the probe ledger as it
 * is sent and as it is answered, and a webhook probe gets its headers from its {@link
 * WebhookProbes.Request} just before it goes out. Tokens and signatures live in the session only.
 */
public final class ProbeHooks {
  public static final String CLASS = "probeClass";
  public static final String ID = "probeId";
  public static final String CALLER = "probeCaller";
  public static final String REQUEST = "probeRequest";
  public static final String BEARER = "probeBearer";
  public static final String TARGET_RUN = "probeTargetRun";
  public static final String LISTED = "probeListed";
  public static final String REPLAYED = "probeReplayed";

  private final Supplier<ProbeLedger> ledger;
  private final LongSupplier clock;
  private final WebhookProbes requests;
  private final LiveMetrics live;

  ProbeHooks(
      Supplier<ProbeLedger> ledger, LongSupplier clock, WebhookProbes requests, LiveMetrics live) {
    this.live = live;
    this.ledger = ledger;
    this.clock = clock;
    this.requests = requests;
  }

  /** Puts a webhook probe of this class into the session: its id, class and request. */
  public Session webhook(
      Session session, ProbeClass c, WorkflowMix.Entry entry, String loadId, long seq) {
    return session
        .set(CLASS, c.flag())
        .set(ID, loadId)
        .set(REQUEST, requests.request(c, entry, loadId, seq))
        .remove(CALLER);
  }

  /** As {@link #webhook} for a valid webhook that carries an Idempotency-Key. */
  public Session withKey(Session session, String key) {
    WebhookProbes.Request request = (WebhookProbes.Request) session.get(REQUEST);
    return session.set(REQUEST, requests.withKey(request, key));
  }

  /** Records the probe in the session as sent, just before its request. */
  public Session sending(Session session) {
    ledger
        .get()
        .sent(
            ProbeClass.ofFlag(session.getString(CLASS)).orElseThrow(),
            session.getString(ID),
            session.contains(CALLER) ? session.getString(CALLER) : null,
            clock.getAsLong());
    return session;
  }

  /** Gatling's sign hook for a webhook probe: the headers its request says, over its bytes. */
  public Request sign(Request request, Session session) {
    WebhookProbes.Request probe = (WebhookProbes.Request) session.get(REQUEST);
    if (!probe.unsigned()) {
      request.getHeaders().set(probe.signatureHeader(), probe.signature());
    }
    if (probe.idempotencyKey() != null) {
      request.getHeaders().set("Idempotency-Key", probe.idempotencyKey());
    }
    request.getHeaders().set(WebhookHeaders.LOAD_ID, session.getString(ID));
    return request;
  }

  /** Records the answer of the probe just sent (status 0: none came), and clears the session. */
  public Session answered(Session session) {
    int status = session.contains(Keys.STATUS) ? session.getInt(Keys.STATUS) : 0;
    List<String> runIds;
    if (session.contains(LISTED)) {
      runIds = session.getList(LISTED);
    } else if (session.contains(TARGET_RUN)) {
      runIds = List.of(session.getString(TARGET_RUN));
    } else {
      runIds = List.of();
    }
    ledger
        .get()
        .answered(
            session.getString(ID),
            status,
            clock.getAsLong(),
            session.contains(Keys.RETRY_AFTER),
            session.contains(REPLAYED),
            runIds);
    live.operation("probe", status);
    return session
        .remove(Keys.STATUS)
        .remove(Keys.RETRY_AFTER)
        .remove(REPLAYED)
        .remove(LISTED)
        .remove(REQUEST)
        .remove(BEARER);
  }

  /** Says once why a class cannot be probed on this target. */
  public void notProbed(ProbeClass c, String reason) {
    ledger.get().notProbed(c, reason);
  }
}
