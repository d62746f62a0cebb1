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
import java.util.Optional;
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
  public static final String REPLAYED = "probeReplayed";

  /** A list's or a repeated key's answer, read for what it returned or named. */
  public static final String BODY = "probeBody";

  public static final String LOCATION = "probeLocation";

  /** The load id of the webhook whose Idempotency-Key the probe repeats. */
  public static final String REPEATS = "probeRepeats";

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
            clock.getAsLong(),
            session.contains(REPEATS) ? session.getString(REPEATS) : null);
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

  /**
   * Records the answer of the probe just sent (status 0: none came), and clears the session. A
   * list's 2xx is recorded with the run ids it returned, or as unreadable; a repeated key's 2xx
   * with the run it names.
   */
  public Session answered(Session session) {
    int status = session.contains(Keys.STATUS) ? session.getInt(Keys.STATUS) : 0;
    ProbeClass c = ProbeClass.ofFlag(session.getString(CLASS)).orElseThrow();
    boolean accepted = status >= 200 && status < 300;
    String body = session.contains(BODY) ? session.getString(BODY) : null;
    List<String> runIds = List.of();
    boolean unreadable = false;
    if (c == ProbeClass.CROSS_TENANT_LIST) {
      if (accepted) {
        Optional<List<String>> listed = ProbeAnswers.listedRunIds(body);
        runIds = listed.orElse(List.of());
        unreadable = listed.isEmpty();
      }
    } else if (c == ProbeClass.IDEMPOTENCY_KEY_REUSED) {
      if (accepted) {
        String location = session.contains(LOCATION) ? session.getString(LOCATION) : null;
        runIds = ProbeAnswers.namedRun(body, location).map(List::of).orElse(List.of());
      }
    } else if (session.contains(TARGET_RUN)) {
      runIds = List.of(session.getString(TARGET_RUN));
    }
    ledger
        .get()
        .answered(
            session.getString(ID),
            status,
            clock.getAsLong(),
            session.contains(Keys.RETRY_AFTER),
            session.contains(REPLAYED),
            unreadable,
            runIds);
    live.operation("probe", status);
    return session
        .remove(Keys.STATUS)
        .remove(Keys.RETRY_AFTER)
        .remove(REPLAYED)
        .remove(BODY)
        .remove(LOCATION)
        .remove(REPEATS)
        .remove(REQUEST)
        .remove(BEARER);
  }

  /** Says once why a class cannot be probed on this target. */
  public void notProbed(ProbeClass c, String reason) {
    ledger.get().notProbed(c, reason);
  }
}
