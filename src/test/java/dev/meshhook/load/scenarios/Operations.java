package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.meshhook.load.run.Keys;
import dev.meshhook.load.run.LoadRun;
import dev.meshhook.load.run.RecentRuns;
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

  public static ChainBuilder health(LoadRun<?> run) {
    return recorded(run, HEALTH, http(HEALTH).get("/health"));
  }

  /** Puts a recently accepted run and its tenant into the session (none before the first one). */
  public static ChainBuilder recentRun(LoadRun<?> run) {
    return exec(
        session -> {
          RecentRuns.Run recent = run.recentRuns().any();
          return recent == null
              ? session.remove(Keys.RUN_ID)
              : session.set(Keys.RUN_ID, recent.id()).set(Keys.RUN_TENANT, recent.tenant());
        });
  }

  /** Reads one recent run as its own tenant; before any run was accepted, lists runs instead. */
  public static ChainBuilder readRun(LoadRun<?> run) {
    return recentRun(run)
        .exec(
            doIfOrElse(session -> session.contains(Keys.RUN_ID))
                .then(
                    recorded(
                        run,
                        READ_RUN,
                        http(READ_RUN)
                            .get("/api/runs/#{" + Keys.RUN_ID + "}")
                            .header(
                                "Authorization",
                                session -> run.bearer(session.getString(Keys.RUN_TENANT)))))
                .orElse(listRuns(run)));
  }

  public static ChainBuilder listRuns(LoadRun<?> run) {
    return exec(session -> session.set(Keys.RUN_TENANT, run.anyTenant()))
        .exec(
            recorded(
                run,
                LIST_RUNS,
                http(LIST_RUNS)
                    .get("/api/runs?limit=20")
                    .header(
                        "Authorization",
                        session -> run.bearer(session.getString(Keys.RUN_TENANT)))));
  }

  private static ChainBuilder recorded(
      LoadRun<?> run, String name, HttpRequestActionBuilder request) {
    return exec(request.check(
            status().saveAs(Keys.STATUS),
            responseTimeInMillis().saveAs(Keys.RESPONSE_MILLIS),
            status().is(200)))
        .exec(session -> run.hooks().operation(session, name));
  }
}
