package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.meshhook.load.run.GatlingHooks;
import dev.meshhook.load.run.Keys;
import dev.meshhook.load.run.RecentRuns;
import dev.meshhook.load.run.Tenants;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The requests beside webhooks: health, reading one run, listing runs. Each one's latency and
 * answer go to the operation log, so the verification report judges them from what happened.
 */
public final class Operations {
  public static final String HEALTH = "health";
  public static final String READ_RUN = "read run";
  public static final String LIST_RUNS = "list runs";

  private Operations() {}

  public static ChainBuilder health(GatlingHooks hooks) {
    return recorded(hooks, HEALTH, http(HEALTH).get("/health"));
  }

  /** Puts a recently accepted run and its tenant into the session (none before the first one). */
  public static ChainBuilder recentRun(Tenants tenants) {
    return exec(
        session -> {
          RecentRuns.Run recent = tenants.recentRun();
          return recent == null
              ? session.remove(Keys.RUN_ID)
              : session.set(Keys.RUN_ID, recent.id()).set(Keys.RUN_TENANT, recent.tenant());
        });
  }

  /** Reads one recent run as its own tenant; before any run was accepted, lists runs instead. */
  public static ChainBuilder readRun(GatlingHooks hooks, Tenants tenants) {
    return recentRun(tenants)
        .exec(
            doIfOrElse(session -> session.contains(Keys.RUN_ID))
                .then(
                    recorded(
                        hooks,
                        READ_RUN,
                        http(READ_RUN)
                            .get("/api/runs/#{" + Keys.RUN_ID + "}")
                            .header(
                                "Authorization",
                                session -> tenants.bearer(session.getString(Keys.RUN_TENANT)))))
                .orElse(listRuns(hooks, tenants)));
  }

  public static ChainBuilder listRuns(GatlingHooks hooks, Tenants tenants) {
    return exec(session -> session.set(Keys.RUN_TENANT, tenants.any()))
        .exec(
            recorded(
                hooks,
                LIST_RUNS,
                http(LIST_RUNS)
                    .get("/api/runs?limit=20")
                    .header(
                        "Authorization",
                        session -> tenants.bearer(session.getString(Keys.RUN_TENANT)))));
  }

  private static ChainBuilder recorded(
      GatlingHooks hooks, String name, HttpRequestActionBuilder request) {
    return exec(request.check(
            status().saveAs(Keys.STATUS),
            responseTimeInMillis().saveAs(Keys.RESPONSE_MILLIS),
            status().is(200)))
        .exec(session -> hooks.operation(session, name));
  }
}
