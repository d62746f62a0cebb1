package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.meshhook.load.config.SecurityShape;
import dev.meshhook.load.feeders.WebhookProbes;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.ledger.ProbeClass;
import dev.meshhook.load.run.Keys;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.run.ProbeHooks;
import dev.meshhook.load.run.RecentRuns;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The security profile's chains: valid webhooks with every probe class beside them, picked per
 * arriving user by rate, and the burst over the rate limit. Each probe is recorded in the probe
 * ledger as sent and as answered; a class that cannot be probed on this target says why, once.
 */
public final class Probes {
  private static final String WEBHOOK = "webhook";

  private Probes() {}

  /** One valid webhook or one probe per arriving user, by the shape's rates. */
  public static ChainBuilder webhooksAndProbes(LoadRun<SecurityShape> run) {
    SecurityShape shape = run.shape();
    Map<String, ChainBuilder> chains = new LinkedHashMap<>();
    Map<String, Double> rates = new LinkedHashMap<>();
    chains.put(WEBHOOK, Webhooks.signedWebhook(run));
    rates.put(WEBHOOK, shape.rate());
    for (ProbeClass c : shape.probedBesideWebhooks()) {
      chains.put(c.flag(), probe(run, c));
      rates.put(c.flag(), shape.probeRate());
    }
    double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> percentages = new LinkedHashMap<>();
    rates.forEach((name, rate) -> percentages.put(name, 100 * rate / total));
    return exec(session -> skipped(run, session)).exec(Weighted.oneOf(percentages, chains));
  }

  /** The arrival rate of {@link #webhooksAndProbes}: the webhooks' and every probed class's. */
  public static double totalRate(SecurityShape shape) {
    return shape.rate() + shape.probedBesideWebhooks().size() * shape.probeRate();
  }

  /** One webhook of the burst over the rate limit, all to the mix's first workflow's project. */
  public static ChainBuilder overRateLimit(LoadRun<SecurityShape> run) {
    if (run.shape().skip().contains(ProbeClass.OVER_RATE_LIMIT)) {
      return exec(session -> skipped(run, session));
    }
    WorkflowMix.Entry first = run.mix().entries().get(0);
    return webhookProbe(run, ProbeClass.OVER_RATE_LIMIT, seq -> first);
  }

  private static Session skipped(LoadRun<SecurityShape> run, Session session) {
    for (ProbeClass c : run.shape().skip()) {
      run.probes().notProbed(c, "skipped by security.skip");
    }
    return session;
  }

  private static ChainBuilder probe(LoadRun<SecurityShape> run, ProbeClass c) {
    return switch (c) {
      case IDEMPOTENCY_KEY_REUSED -> idempotencyKeyReused(run);
      case BODY_OVER_LIMIT ->
          run.probeBodyLimit() > 0
              ? webhookProbe(run, c, seq -> run.mix().pick(seq))
              : notProbed(
                  run,
                  c,
                  "the target's body limit is not known: set security.maxBodyBytes to probe it");
      case CROSS_TENANT_READ, CROSS_TENANT_FOLLOW, CROSS_TENANT_LIST, NO_TOKEN, MALFORMED_TOKEN ->
          read(run, c);
      default -> webhookProbe(run, c, seq -> run.mix().pick(seq));
    };
  }

  private static ChainBuilder notProbed(LoadRun<?> run, ProbeClass c, String reason) {
    return exec(
        session -> {
          run.probes().notProbed(c, reason);
          return session;
        });
  }

  private static ChainBuilder webhookProbe(
      LoadRun<?> run, ProbeClass c, Function<Long, WorkflowMix.Entry> entry) {
    return exec(session -> {
          long seq = run.nextSeq();
          return run.probes().webhook(session, c, entry.apply(seq), run.loadId(seq), seq);
        })
        .exec(run.probes()::sending)
        .exec(webhookRequest(run, "probe: " + c.flag(), refusedOrLimited(c.expectedStatuses())))
        .exec(run.probes()::answered);
  }

  /**
   * A valid webhook with an Idempotency-Key (recorded in the ledger like any valid webhook), then,
   * once it was accepted, a probe repeating the key over another body: the repeat must make no run.
   * A first webhook refused (e.g. by the rate limit) claimed no key, so nothing is probed.
   */
  private static ChainBuilder idempotencyKeyReused(LoadRun<SecurityShape> run) {
    ProbeClass c = ProbeClass.IDEMPOTENCY_KEY_REUSED;
    return exec(session -> {
          long seq = run.nextSeq();
          String loadId = run.loadId(seq);
          WorkflowMix.Entry entry = run.mix().pick(seq);
          Session first = run.probes().webhook(session, c, entry, loadId, seq);
          return run.probes()
              .withKey(first, "probe-" + loadId)
              .set(Keys.LOAD_ID, loadId)
              .set(Keys.SLUG, entry.workflow())
              .set(Keys.TENANT, entry.tenant())
              .set(Keys.EXPECTED_STATUS, 202)
              .set(Keys.BAD_SIGNATURE, false);
        })
        .exec(run.hooks()::sending)
        .exec(
            // A valid webhook of the ledger, so named like every other: Gatling's webhook
            // figures, read back beside the ledger's, count it too.
            webhookRequest(run, Keys.WEBHOOK, List.of(202, 429, 503))
                .check(
                    status().transform(code -> run.hooks().now()).saveAs(Keys.ANSWERED_AT),
                    bodyString().saveAs(Keys.RESPONSE)))
        .exec(
            session -> {
              int status = session.contains(Keys.STATUS) ? session.getInt(Keys.STATUS) : 0;
              return run.hooks().answered(session).set("firstAccepted", status / 100 == 2);
            })
        .doIf(session -> session.getBoolean("firstAccepted"))
        .then(
            exec(session -> {
                  String key =
                      ((WebhookProbes.Request) session.get(ProbeHooks.REQUEST)).idempotencyKey();
                  long seq = run.nextSeq();
                  WorkflowMix.Entry entry = run.mix().pick(seq);
                  Session repeat =
                      run.probes()
                          .webhook(
                              session,
                              c,
                              new WorkflowMix.Entry(
                                  entry.tenant(),
                                  session.getString(Keys.SLUG),
                                  entry.weight(),
                                  entry.payload()),
                              run.loadId(seq),
                              seq);
                  // The first's status is not the repeat's: with no answer, none is recorded.
                  return run.probes()
                      .withKey(repeat, key)
                      .set(ProbeHooks.REPEATS, session.getString(Keys.LOAD_ID))
                      .remove(Keys.STATUS);
                })
                .exec(run.probes()::sending)
                .exec(
                    // A 202 must name the first webhook's run: kept to be read for the run it
                    // names.
                    webhookRequest(
                            run, "probe: " + c.flag(), refusedOrLimited(List.of(202, 409, 422)))
                        .check(
                            bodyString().saveAs(ProbeHooks.BODY),
                            header("Location").optional().saveAs(ProbeHooks.LOCATION)))
                .exec(run.probes()::answered));
  }

  /**
   * The POST of a webhook probe: what its {@link WebhookProbes.Request} says, signed in the hook.
   */
  private static HttpRequestActionBuilder webhookRequest(
      LoadRun<?> run, String name, List<Integer> expected) {
    return http(name)
        .post(session -> "/api/hooks/" + request(session).slug())
        .header("Content-Type", session -> request(session).contentType())
        .body(ByteArrayBody(session -> request(session).body()))
        .sign(run.probes()::sign)
        .check(
            status().saveAs(Keys.STATUS),
            header("Retry-After").optional().saveAs(Keys.RETRY_AFTER),
            header("Idempotent-Replayed").optional().saveAs(ProbeHooks.REPLAYED),
            status().in(expected));
  }

  /**
   * The rate limit answers before any other check, so right after the burst a webhook probe may
   * meet a 429 instead of its own refusal: Gatling counts it OK, like {@code ProbeCheck} does
   * (which also asks for its Retry-After), or a busy machine's burst fails the run's error-ratio
   * assertion.
   */
  private static List<Integer> refusedOrLimited(Collection<Integer> expected) {
    List<Integer> statuses = new ArrayList<>(expected);
    if (!statuses.contains(429)) {
      statuses.add(429);
    }
    return statuses;
  }

  private static WebhookProbes.Request request(Session session) {
    return (WebhookProbes.Request) session.get(ProbeHooks.REQUEST);
  }

  /**
   * A read probe: who asks (tenant A, or nobody), for what (a recent run of tenant B; the list
   * needs none). Before any run was accepted there is nothing to ask for, and nothing is sent.
   */
  private static ChainBuilder read(LoadRun<?> run, ProbeClass c) {
    List<String> tenants =
        run.mix().entries().stream().map(WorkflowMix.Entry::tenant).distinct().toList();
    boolean crossTenant = c != ProbeClass.NO_TOKEN && c != ProbeClass.MALFORMED_TOKEN;
    if (crossTenant && tenants.size() < 2) {
      return notProbed(
          run,
          c,
          "the workflow mix has one tenant; another tenant's runs need two (workflows.csv)");
    }
    return exec(session -> {
          RecentRuns.Run target = run.recentRuns().any();
          if (target == null && c != ProbeClass.CROSS_TENANT_LIST) {
            run.probes()
                .notProbed(
                    c,
                    "no run id was known to ask for: the target's 202 named none (MeshHook"
                        + " answers with an empty body)");
            return session.remove(ProbeHooks.ID);
          }
          String caller = null;
          String bearer = null;
          if (crossTenant) {
            caller = otherThan(tenants, target == null ? null : target.tenant());
            try {
              bearer = run.bearer(caller);
            } catch (RuntimeException e) {
              run.probes().notProbed(c, e.getMessage());
              return session.remove(ProbeHooks.ID);
            }
          } else if (c == ProbeClass.MALFORMED_TOKEN) {
            bearer = "Bearer not a token";
          }
          Session s =
              session
                  .set(ProbeHooks.CLASS, c.flag())
                  .set(ProbeHooks.ID, run.loadId(run.nextSeq()))
                  .remove(ProbeHooks.CALLER)
                  .remove(ProbeHooks.TARGET_RUN);
          if (caller != null) {
            s = s.set(ProbeHooks.CALLER, caller);
          }
          if (bearer != null) {
            s = s.set(ProbeHooks.BEARER, bearer);
          }
          return target == null || c == ProbeClass.CROSS_TENANT_LIST
              ? s
              : s.set(ProbeHooks.TARGET_RUN, target.id());
        })
        .exec(
            doIf(session -> session.contains(ProbeHooks.ID))
                .then(
                    exec(run.probes()::sending).exec(readRequest(c)).exec(run.probes()::answered)));
  }

  private static HttpRequestActionBuilder readRequest(ProbeClass c) {
    String name = "probe: " + c.flag();
    String run = "/api/runs/#{" + ProbeHooks.TARGET_RUN + "}";
    HttpRequestActionBuilder request =
        switch (c) {
          case CROSS_TENANT_LIST -> http(name).get("/api/runs?limit=50");
          case CROSS_TENANT_FOLLOW ->
              http(name)
                  .get(run + "/logs")
                  .header("Accept", "text/event-stream")
                  .requestTimeout(ProbeClass.FOLLOW_TIMEOUT);
          default -> http(name).get(run);
        };
    if (c != ProbeClass.NO_TOKEN) {
      request = request.header("Authorization", "#{" + ProbeHooks.BEARER + "}");
    }
    request =
        request.check(
            status().saveAs(Keys.STATUS), status().in(c.expectedStatuses().stream().toList()));
    // Only a list is read for run ids (a leaked live log is not JSON, and a refusal names none),
    // and read whole: a body without the list's shape is not a list that returned nothing.
    return c == ProbeClass.CROSS_TENANT_LIST
        ? request.check(bodyString().saveAs(ProbeHooks.BODY))
        : request;
  }

  private static String otherThan(List<String> tenants, String tenant) {
    List<String> others = tenants.stream().filter(t -> !t.equals(tenant)).toList();
    return others.get(ThreadLocalRandom.current().nextInt(others.size()));
  }
}
