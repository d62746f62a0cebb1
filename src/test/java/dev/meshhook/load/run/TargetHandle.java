package dev.meshhook.load.run;

import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Visibility;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.harness.DatabaseFaults;
import dev.meshhook.load.harness.EngineProcess;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The system under load: the embedded engine's process (started, restarted after a crash, stopped)
 * or a deployment; its database as the checker reads it; and the management API tokens of its
 * tenants.
 */
public final class TargetHandle {
  private final SuiteConfig.Target target;
  private final Secret secret;
  // One per replica, the first the primary's (the one that owns the embedded database).
  private final List<Integer> enginePorts;
  private final List<String> baseUrls;

  /** A deployment's API tokens by tenant, from target.apiTokens ("tenant=token,..."). */
  private final Map<String, String> deploymentTokens;

  // Replaced by a chaos run's restarts; read by the load's threads, hence volatile.
  private volatile EngineProcess engine;
  private volatile HistoryReader history;
  // The replicas after the primary, in order; one a chaos run killed stays in, dead.
  private final List<EngineProcess> replicas = new CopyOnWriteArrayList<>();

  // How many engine processes start with the run; a scaling run adds the rest later (scaleTo).
  private final int startingReplicas;

  /**
   * {@code replicaCounts}: the counts the run goes through (one for every profile but scaling);
   * every port is chosen now, since the load's protocols name every URL before the first starts.
   */
  TargetHandle(SuiteConfig config, Secret secret, List<Integer> replicaCounts) {
    this.target = config.target();
    this.secret = secret;
    if (replicaCounts.size() > 1 && !target.embedded()) {
      throw new IllegalArgumentException("a deployment's replicas are its own to start");
    }
    this.startingReplicas = replicaCounts.get(0);
    int most = replicaCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
    List<Integer> ports = new ArrayList<>();
    if (target.embedded()) {
      ports.add(config.engine().port() == 0 ? EngineProcess.freePort() : config.engine().port());
      while (ports.size() < most) {
        int port = EngineProcess.freePort();
        if (!ports.contains(port)) {
          ports.add(port);
        }
      }
    }
    this.enginePorts = List.copyOf(ports);
    this.baseUrls =
        target.embedded()
            ? ports.stream().map(port -> "http://127.0.0.1:" + port).toList()
            : target.urls();
    this.deploymentTokens = tokensByTenant(target.apiTokens().reveal());
  }

  /** The first replica's URL: the management API's and the probes'. */
  public String baseUrl() {
    return baseUrls.get(0);
  }

  /** Every replica's URL, the first {@link #baseUrl}: the webhooks are spread over them. */
  public List<String> baseUrls() {
    return baseUrls;
  }

  /** The first {@code count} replicas' URLs: a scaling run's load at that count goes to them. */
  public List<String> baseUrls(int count) {
    return baseUrls.subList(0, count);
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
              options, enginePorts.get(0), options.home().toAbsolutePath(), runTag, secret);
      history = embeddedHistory(engine);
      System.out.println(
          "engine: reference engine pid "
              + engine.pid()
              + " at "
              + baseUrl()
              + ", log "
              + engine.log());
      scaleTo(startingReplicas);
      return new HashSet<>(engine.ready().slugs());
    }
    history = new HistoryReader(target.jdbcUrl(), target.dbUser(), target.dbPassword().reveal());
    System.out.println(
        "target: "
            + String.join(", ", baseUrls)
            + " (database "
            + target.jdbcUrl()
            + " as "
            + target.dbUser()
            + ")");
    return publishedSlugs();
  }

  /**
   * Starts the replicas that bring the embedded engine to {@code count} processes (none when it has
   * as many already), each on its port chosen at the start and on the primary's database.
   */
  synchronized void scaleTo(int count) {
    if (count > enginePorts.size()) {
      throw new IllegalArgumentException(
          count + " replicas asked for; ports were chosen for " + enginePorts.size());
    }
    for (int i = 1 + replicas.size(); i < count; i++) {
      EngineProcess replica = EngineProcess.startReplica(engine, i, enginePorts.get(i));
      replicas.add(replica);
      System.out.println(
          "engine: replica "
              + i
              + " pid "
              + replica.pid()
              + " at "
              + baseUrls.get(i)
              + " on the same database, log "
              + replica.log());
    }
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

  /**
   * The embedded engine's processes, primary first, each replica's as started (a killed one stays
   * in the list); empty for a deployment or once stopped.
   */
  List<EngineProcess> engines() {
    List<EngineProcess> all = new ArrayList<>();
    if (engine != null) {
      all.add(engine);
      all.addAll(replicas);
    }
    return all;
  }

  /** Whether the embedded engine runs as several processes. */
  boolean replicated() {
    return enginePorts.size() > 1;
  }

  /**
   * kill -9 of the last replica still alive, which is not started again: the others go on, and take
   * its runs over when their leases expire. The primary is left alone, as it holds the database.
   *
   * @throws IllegalStateException when only the primary is left
   */
  String killReplica() {
    for (int i = replicas.size() - 1; i >= 0; i--) {
      EngineProcess replica = replicas.get(i);
      if (replica.handle().isAlive()) {
        long pid = replica.pid();
        replica.killHard();
        List<String> going = new ArrayList<>();
        List<EngineProcess> all = engines();
        for (int k = 0; k < all.size(); k++) {
          if (all.get(k).handle().isAlive()) {
            going.add("replica " + k + " pid " + all.get(k).pid());
          }
        }
        // Replica i of this list is replica i + 1 of the target's URLs: the primary is 0.
        return FaultLog.replicaKilled(i + 1, pid)
            + ", not restarted; "
            + String.join(", ", going)
            + " go on";
      }
    }
    throw new IllegalStateException(
        "no replica left to kill but the primary, which holds the database");
  }

  /** Faults on the embedded engine's database, as its owner. */
  DatabaseFaults database() {
    EngineProcess.Ready ready = engine.ready();
    return new DatabaseFaults(ready.jdbcUrl(), ready.dataDir());
  }

  /** Stops the engine process and its database; safe to call twice. */
  synchronized void stop() {
    for (EngineProcess replica : replicas) {
      replica.close();
    }
    if (!replicas.isEmpty()) {
      System.out.println("engine: " + replicas.size() + " replica(s) stopped");
      replicas.clear();
    }
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
