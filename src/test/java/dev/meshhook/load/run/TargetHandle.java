package dev.meshhook.load.run;

import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Visibility;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.harness.DatabaseFaults;
import dev.meshhook.load.harness.EngineProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The system under load: the embedded engine's process (started, restarted after a crash, stopped)
 * or a deployment; its database as the checker reads it; and the management API tokens of its
 * tenants.
 */
public final class TargetHandle {
  private final SuiteConfig.Target target;
  private final Secret secret;
  private final int enginePort;
  private final String baseUrl;

  /** A deployment's API tokens by tenant, from target.apiTokens ("tenant=token,..."). */
  private final Map<String, String> deploymentTokens;

  // Replaced by a chaos run's restarts; read by the load's threads, hence volatile.
  private volatile EngineProcess engine;
  private volatile HistoryReader history;

  TargetHandle(SuiteConfig config, Secret secret) {
    this.target = config.target();
    this.secret = secret;
    this.enginePort =
        target.embedded()
            ? (config.engine().port() == 0 ? EngineProcess.freePort() : config.engine().port())
            : -1;
    this.baseUrl = target.embedded() ? "http://127.0.0.1:" + enginePort : target.url();
    this.deploymentTokens = tokensByTenant(target.apiTokens().reveal());
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Whether the target is the embedded engine, whose process and database a chaos run may hurt. */
  public boolean embedded() {
    return target.embedded();
  }

  /** The target's database, read-only, as the checker reads it (null before {@link #start}). */
  HistoryReader history() {
    return history;
  }

  /** The checker's view of the embedded engine's database, as the role {@code target.dbUser}. */
  private HistoryReader embeddedHistory(EngineProcess process) {
    return new HistoryReader(process.ready().jdbcUrlAs(target.dbUser()), null, null);
  }

  /**
   * What keeps the checker's role from seeing every row it will judge (row-level security, a
   * missing grant), with the fix; empty when it sees them all.
   */
  Optional<String> blindSpots() {
    try {
      return Visibility.problem(history);
    } catch (SQLException e) {
      return Optional.of(
          "the database could not be read as " + target.dbUser() + ": " + e.getMessage());
    }
  }

  /** The role the checker reads the database as. */
  String checkerRole() {
    return target.dbUser();
  }

  /** The embedded engine's process, or null for a deployment or once stopped. */
  EngineProcess engine() {
    return engine;
  }

  /**
   * Starts the embedded engine with these options (or connects to the deployment's database);
   * returns the workflow slugs published there.
   */
  Set<String> start(EngineOptions options, String runTag) {
    if (target.embedded()) {
      engine =
          EngineProcess.start(
              options,
              enginePort,
              Path.of("target", "meshhook-engine").toAbsolutePath(),
              runTag,
              secret);
      history = embeddedHistory(engine);
      System.out.println(
          "engine: reference engine pid "
              + engine.pid()
              + " at "
              + baseUrl
              + ", log "
              + engine.log());
      return new HashSet<>(engine.ready().slugs());
    }
    history = new HistoryReader(target.jdbcUrl(), target.dbUser(), target.dbPassword().reveal());
    System.out.println(
        "target: " + baseUrl + " (database " + target.jdbcUrl() + " as " + target.dbUser() + ")");
    return publishedSlugs();
  }

  private Set<String> publishedSlugs() {
    Set<String> slugs = new HashSet<>();
    try (Connection c = history.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT DISTINCT slug FROM workflow_definitions")) {
      while (rs.next()) {
        slugs.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read workflow_definitions at " + target.jdbcUrl() + ": " + e.getMessage(), e);
    }
    return slugs;
  }

  /** The management API's {@code Authorization} value for a tenant. */
  public String bearer(String tenant) {
    EngineProcess running = engine;
    String token =
        running != null ? running.ready().apiTokens().get(tenant) : deploymentTokens.get(tenant);
    if (token == null) {
      throw new IllegalStateException(
          "no API token for tenant '"
              + tenant
              + "': set target.apiTokens (API_TOKENS=tenant=token,...)");
    }
    return "Bearer " + token;
  }

  /** kill -9 of the engine, {@code downtime} without it, then a new one on the same database. */
  String crashAndRestart(Duration downtime) throws InterruptedException {
    EngineProcess crashed = engine;
    long pid = crashed.pid();
    crashed.killHard();
    Thread.sleep(downtime.toMillis());
    EngineProcess restarted = crashed.restart();
    engine = restarted;
    history = embeddedHistory(restarted);
    return "engine pid "
        + pid
        + " killed with -9, pid "
        + restarted.pid()
        + " started on the same database";
  }

  /** Faults on the embedded engine's database, as its owner. */
  DatabaseFaults database() {
    EngineProcess.Ready ready = engine.ready();
    return new DatabaseFaults(ready.jdbcUrl(), ready.dataDir());
  }

  /** Stops the engine process and its database; safe to call twice. */
  synchronized void stop() {
    if (engine != null) {
      engine.close();
      System.out.println("engine: stopped (pid " + engine.pid() + ")");
      engine = null;
    }
  }

  private static Map<String, String> tokensByTenant(String pairs) {
    Map<String, String> tokens = new HashMap<>();
    for (String pair : pairs.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        tokens.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return Map.copyOf(tokens);
  }
}
