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
import dev.meshhook.load.run.ProbeHooks;
import dev.meshhook.load.run.ProbeParts;
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
  public static ChainBuilder webhooksAndProbes(ProbeParts parts) {
    SecurityShape shape = parts.shape();
    Map<String, ChainBuilder> chains = new LinkedHashMap<>();
    Map<String, Double> rates = new LinkedHashMap<>();
    chains.put(WEBHOOK, Webhooks.signedWebhook(parts.feeder(), parts.hooks(), shape));
    rates.put(WEBHOOK, shape.rate());
    for (ProbeClass c : shape.probedBesideWebhooks()) {
      chains.put(c.flag(), probe(parts, c));
      rates.put(c.flag(), shape.probeRate());
    }
    double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> percentages = new LinkedHashMap<>();
    rates.forEach((name, rate) -> percentages.put(name, 100 * rate / total));
    return exec(session -> skipped(parts, session)).exec(Weighted.oneOf(percentages, chains));
  }

  /** The arrival rate of {@link #webhooksAndProbes}: the webhooks' and every probed class's. */
  public static double totalRate(SecurityShape shape) {
    return shape.rate() + shape.probedBesideWebhooks().size() * shape.probeRate();
  }

  /** One webhook of the burst over the rate limit, all to the mix's first workflow's project. */
  public static ChainBuilder overRateLimit(ProbeParts parts) {
    if (parts.shape().skip().contains(ProbeClass.OVER_RATE_LIMIT)) {
      return exec(session -> skipped(parts, session));
    }
    WorkflowMix.Entry first = parts.mix().entries().get(0);
    return webhookProbe(parts, ProbeClass.OVER_RATE_LIMIT, seq -> first);
  }

  private static Session skipped(ProbeParts parts, Session session) {
    for (ProbeClass c : parts.shape().skip()) {
      parts.probes().notProbed(c, "skipped by security.skip");
    }
    return session;
  }

  private static ChainBuilder probe(ProbeParts parts, ProbeClass c) {
    return switch (c) {
      case IDEMPOTENCY_KEY_REUSED -> idempotencyKeyReused(parts);
      case BODY_OVER_LIMIT ->
          parts.bodyLimit() > 0
              ? webhookProbe(parts, c, seq -> parts.mix().pick(seq))
              : notProbed(
                  parts,
                  c,
                  "the target's body limit is not known: set security.maxBodyBytes to probe it");
      case CROSS_TENANT_READ, CROSS_TENANT_FOLLOW, CROSS_TENANT_LIST, NO_TOKEN, MALFORMED_TOKEN ->
          read(parts, c);
      default -> webhookProbe(parts, c, seq -> parts.mix().pick(seq));
    };
  }

  private static ChainBuilder notProbed(ProbeParts parts, ProbeClass c, String reason) {
    return exec(
        session -> {
          parts.probes().notProbed(c, reason);
          return session;
        });
  }

  private static ChainBuilder webhookProbe(
      ProbeParts parts, ProbeClass c, Function<Long, WorkflowMix.Entry> entry) {
    return exec(session -> {
          long seq = parts.ids().nextSeq();
          return parts.probes().webhook(session, c, entry.apply(seq), parts.ids().id(seq), seq);
        })
        .exec(parts.probes()::sending)
        .exec(webhookRequest(parts, "probe: " + c.flag(), refusedOrLimited(c.expectedStatuses())))
        .exec(parts.probes()::answered);
  }

  /**
   * A valid webhook with an Idempotency-Key (recorded in the ledger like any valid webhook), then,
   * once it was accepted, a probe repeating the key over another body: the repeat must make no run.
   * A first webhook refused (e.g. by the rate limit) claimed no key, so nothing is probed.
   */
  private static ChainBuilder idempotencyKeyReused(ProbeParts parts) {
    ProbeClass c = ProbeClass.IDEMPOTENCY_KEY_REUSED;
    return exec(session -> {
          long seq = parts.ids().nextSeq();
          String loadId = parts.ids().id(seq);
          WorkflowMix.Entry entry = parts.mix().pick(seq);
          Session first = parts.probes().webhook(session, c, entry, loadId, seq);
          return parts
              .probes()
              .withKey(first, "probe-" + loadId)
              .set(Keys.LOAD_ID, loadId)
              .set(Keys.SLUG, entry.workflow())
              .set(Keys.TENANT, entry.tenant())
              .set(Keys.EXPECTED_STATUS, 202)
              .set(Keys.BAD_SIGNATURE, false);
        })
        .exec(parts.hooks()::sending)
        .exec(
            // A valid webhook of the ledger, so named like every other: Gatling's webhook
            // figures, read back beside the ledger's, count it too.
            webhookRequest(parts, Keys.WEBHOOK, List.of(202, 429, 503))
                .check(
                    status().transform(code -> parts.hooks().now()).saveAs(Keys.ANSWERED_AT),
                    bodyString().saveAs(Keys.RESPONSE)))
        .exec(
            session -> {
              int status = session.contains(Keys.STATUS) ? session.getInt(Keys.STATUS) : 0;
              return parts.hooks().answered(session).set("firstAccepted", status / 100 == 2);
            })
        .doIf(session -> session.getBoolean("firstAccepted"))
        .then(
            exec(session -> {
                  String key =
                      ((WebhookProbes.Request) session.get(ProbeHooks.REQUEST)).idempotencyKey();
                  long seq = parts.ids().nextSeq();
                  WorkflowMix.Entry entry = parts.mix().pick(seq);
                  Session repeat =
                      parts
                          .probes()
                          .webhook(
                              session,
                              c,
                              new WorkflowMix.Entry(
                                  entry.tenant(),
                                  session.getString(Keys.SLUG),
                                  entry.weight(),
                                  entry.payload()),
                              parts.ids().id(seq),
                              seq);
                  // The first's status is not the repeat's: with no answer, none is recorded.
                  return parts
                      .probes()
                      .withKey(repeat, key)
                      .set(ProbeHooks.REPEATS, session.getString(Keys.LOAD_ID))
                      .remove(Keys.STATUS);
                })
                .exec(parts.probes()::sending)
                .exec(
                    // A 202 must name the first webhook's run: kept to be read for the run it
                    // names.
                    webhookRequest(
                            parts, "probe: " + c.flag(), refusedOrLimited(List.of(202, 409, 422)))
                        .check(
                            bodyString().saveAs(ProbeHooks.BODY),
                            header("Location").optional().saveAs(ProbeHooks.LOCATION)))
                .exec(parts.probes()::answered));
  }

  /**
   * The POST of a webhook probe: what its {@link WebhookProbes.Request} says, signed in the hook.
   */
  private static HttpRequestActionBuilder webhookRequest(
      ProbeParts parts, String name, List<Integer> expected) {
    return http(name)
        .post(session -> "/api/hooks/" + request(session).slug())
        .header("Content-Type", session -> request(session).contentType())
        .body(ByteArrayBody(session -> request(session).body()))
        .sign(parts.probes()::sign)
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
  private static ChainBuilder read(ProbeParts parts, ProbeClass c) {
    List<String> tenants = parts.tenants().all();
    boolean crossTenant = c != ProbeClass.NO_TOKEN && c != ProbeClass.MALFORMED_TOKEN;
    if (crossTenant && tenants.size() < 2) {
      return notProbed(
          parts,
          c,
          "the workflow mix has one tenant; another tenant's runs need two (workflows.csv)");
    }
    return exec(session -> {
          RecentRuns.Run target = parts.tenants().recentRun();
          if (target == null && c != ProbeClass.CROSS_TENANT_LIST) {
            parts
                .probes()
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
              bearer = parts.tenants().bearer(caller);
            } catch (RuntimeException e) {
              parts.probes().notProbed(c, e.getMessage());
              return session.remove(ProbeHooks.ID);
            }
          } else if (c == ProbeClass.MALFORMED_TOKEN) {
            bearer = "Bearer not a token";
          }
          Session s =
              session
                  .set(ProbeHooks.CLASS, c.flag())
                  .set(ProbeHooks.ID, parts.ids().id(parts.ids().nextSeq()))
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
                    exec(parts.probes()::sending)
                        .exec(readRequest(c))
                        .exec(parts.probes()::answered)));
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
