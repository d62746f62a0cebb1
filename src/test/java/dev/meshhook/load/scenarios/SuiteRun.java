package dev.meshhook.load.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.checker.Drain;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.feeders.LoadIds;
import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.Evidence;
import dev.meshhook.load.harness.DatabaseFaults;
import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.RunLedger;
import dev.meshhook.load.report.Baseline;
import dev.meshhook.load.report.RegressionCheck;
import dev.meshhook.load.run.OperationLog;
import dev.meshhook.load.run.ResourceSampler;
import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.verification.RunReports;
import dev.meshhook.load.verification.Verification;
import io.gatling.http.client.Request;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything one run of a simulation shares: validated config, the target (the embedded engine
 * process, or a deployment), load ids, signer, ledger, drain and verdict. Simulations hold one in a
 * static field and hand it to the chains; they never see how any of this works.
 */
public final class SuiteRun<S extends SuiteConfig.Shape> {
  /** A profile's own figures, classified beside the common ones. */
  public interface Figures<S> {
    List<Classification.Row> rows(S shape, Evidence evidence, double warnMargin);
  }

  private static final Pattern RUN_ID = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"");

  private final Class<?> simulation;
  private final SuiteConfig config;
  private final S shape;
  private final Figures<S> figures;
  private final WorkflowMix mix;
  private final LoadIds ids;
  private final Secret secret;
  private final WebhookSigner signer;
  private final WebhookSigner wrongSigner;
  private final int enginePort;
  private final String baseUrl;
  private final long openedAtMillis = System.currentTimeMillis();

  /**
   * A deployment's API tokens by tenant, from target.apiTokens ("tenant=token,..."): parsed once,
   * asked per request.
   */
  private final java.util.Map<String, String> deploymentTokens;

  // Replaced by a chaos run's restarts; read by the load's threads, hence volatile.
  private volatile EngineProcess engine;
  private volatile HistoryReader history;
  private Path folder;
  private RunLedger ledger;
  private OperationLog operations;
  private ResourceSampler sampler;
  private final RecentRuns recentRuns = new RecentRuns(1024);
  private final java.util.concurrent.atomic.AtomicLong streams =
      new java.util.concurrent.atomic.AtomicLong();
  private Drain drain;
  private Runnable beforeVerify = () -> {};
  private final java.util.concurrent.locks.ReentrantLock faults =
      new java.util.concurrent.locks.ReentrantLock();
  private Verdict verdict;
  private Classification classification;
  private RegressionCheck.Result regression;

  private SuiteRun(
      Class<?> simulation,
      SuiteConfig config,
      Function<SuiteConfig, S> profile,
      Figures<S> figures) {
    this.simulation = simulation;
    this.config = config;
    Baseline.checkPinned(config.regression());
    this.shape = profile.apply(config);
    this.figures = figures;
    this.mix = WorkflowMix.load(config.feeder().workflows());
    String injector =
        config.feeder().injector().isBlank()
            ? LoadIds.defaultInjector()
            : config.feeder().injector();
    if (!injector.matches("[A-Za-z0-9.]+")) {
      throw new ConfigError("feeder.injector", injector, "letters, digits and dots only");
    }
    this.ids = new LoadIds(LoadIds.newRunTag(), injector);
    SuiteConfig.Target target = config.target();
    this.secret =
        target.webhookSecret().isEmpty() ? new Secret(randomSecret()) : target.webhookSecret();
    this.signer = new WebhookSigner(secret.reveal());
    this.wrongSigner = new WebhookSigner(secret.reveal() + "-not");
    this.enginePort =
        target.embedded()
            ? (config.engine().port() == 0 ? EngineProcess.freePort() : config.engine().port())
            : -1;
    this.baseUrl = target.embedded() ? "http://127.0.0.1:" + enginePort : target.url();
    this.deploymentTokens = tokensByTenant(target.apiTokens().reveal());
  }

  /**
   * Reads and validates the configuration; a bad value stops here, before any process starts or
   * request is sent, with one line naming key, value and what is allowed.
   */
  public static <S extends SuiteConfig.Shape> SuiteRun<S> open(
      Class<?> simulation, Function<SuiteConfig, S> profile) {
    return open(simulation, profile, (shape, ledger, margin) -> List.of());
  }

  /** As {@link #open(Class, Function)}, with figures of the profile's own to classify. */
  public static <S extends SuiteConfig.Shape> SuiteRun<S> open(
      Class<?> simulation, Function<SuiteConfig, S> profile, Figures<S> figures) {
    try {
      return new SuiteRun<>(simulation, SuiteConfig.load(), profile, figures);
    } catch (ConfigError e) {
      System.err.println(e.getMessage());
      throw e;
    }
  }

  public SuiteConfig config() {
    return config;
  }

  /** The profile's load shape and thresholds (its quick variant with -Dquick=true). */
  public S shape() {
    return shape;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public WebhookFeeder feeder() {
    return new WebhookFeeder(ids, mix, config.feeder().badSignatureEvery());
  }

  /**
   * Starts the embedded engine (or checks the deployment) and proves the workflow mix exists there.
   */
  public void before() {
    SuiteConfig.Target target = config.target();
    Set<String> published;
    if (target.embedded()) {
      engine =
          EngineProcess.start(
              shape.engine(config.engine()),
              enginePort,
              Path.of("target", "meshhook-engine").toAbsolutePath(),
              ids.runTag(),
              secret);
      history = new HistoryReader(engine.ready().checkerJdbcUrl(), null, null);
      published = new HashSet<>(engine.ready().slugs());
      System.out.println(
          "engine: reference engine pid "
              + engine.pid()
              + " at "
              + baseUrl
              + ", log "
              + engine.log());
    } else {
      history = new HistoryReader(target.jdbcUrl(), target.dbUser(), target.dbPassword().reveal());
      published = publishedSlugs();
      System.out.println(
          "target: " + baseUrl + " (database " + target.jdbcUrl() + " as " + target.dbUser() + ")");
    }
    try {
      mix.requireKnown(published, config.feeder().workflows());
    } catch (ConfigError e) {
      System.err.println(e.getMessage());
      after();
      throw e;
    }
    System.out.println("profile " + simulation.getSimpleName() + ": " + shape);
    SuiteConfig.Allowed allow = config.verify().allow();
    System.out.println(
        "allows: "
            + allow.failed()
            + " failed, "
            + allow.stuck()
            + " stuck, "
            + allow.missing()
            + " missing, "
            + allow.duplicated()
            + " duplicated, "
            + allow.orphan()
            + " orphan, "
            + allow.eventLog()
            + " event-log, "
            + allow.unexpected()
            + " unexpected runs (verify.allow.*); answers: "
            + (shape.allowsShedding()
                ? "the expected status, or 429/503 with Retry-After (load shed politely)"
                : "the expected status only"));
    System.out.println(
        "run tag "
            + ids.runTag()
            + ": load ids "
            + ids.prefix()
            + "*, fault "
            + config.engine().fault().flag()
            + (target.embedded() ? "" : " (faults apply to the embedded engine only)"));
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
          "cannot read workflow_definitions at "
              + config.target().jdbcUrl()
              + ": "
              + e.getMessage(),
          e);
    }
    return slugs;
  }

  /**
   * Records a webhook about to be sent, in the chain step just before the request: a request that
   * never gets a connection is in the ledger too, and its time counts from here, as Gatling's does.
   */
  public Session sending(Session session) {
    long now = System.currentTimeMillis();
    ledger()
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
    String runId = null;
    if (session.contains(Keys.RESPONSE)) {
      Matcher m = RUN_ID.matcher(session.getString(Keys.RESPONSE));
      runId = m.find() ? m.group(1) : null;
    }
    ledger()
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

  /** Records one non-webhook request: its name, when it started and how it was answered. */
  public Session operation(Session session, String name) {
    int status = session.contains(Keys.STATUS) ? session.getInt(Keys.STATUS) : 0;
    long millis = session.contains(Keys.RESPONSE_MILLIS) ? session.getInt(Keys.RESPONSE_MILLIS) : 0;
    long now = System.currentTimeMillis();
    operations()
        .operation(
            name, now - millis, millis, status, !session.isFailed() && status > 0 && status < 400);
    return session.remove(Keys.STATUS).remove(Keys.RESPONSE_MILLIS);
  }

  /** Runs accepted lately, for reads that need an existing run. */
  public RecentRuns recentRuns() {
    return recentRuns;
  }

  /** A tenant of the workflow mix, at random. */
  public String anyTenant() {
    List<WorkflowMix.Entry> entries = mix.entries();
    return entries
        .get(java.util.concurrent.ThreadLocalRandom.current().nextInt(entries.size()))
        .tenant();
  }

  /** A new live-log stream's number, to tell streams apart in the operation log. */
  public long nextStream() {
    return streams.incrementAndGet();
  }

  /** The management API's {@code Authorization} value for a tenant. */
  public String bearer(String tenant) {
    String token =
        engine != null ? engine.ready().apiTokens().get(tenant) : deploymentTokens.get(tenant);
    if (token == null) {
      throw new IllegalStateException(
          "no API token for tenant '"
              + tenant
              + "': set target.apiTokens (API_TOKENS=tenant=token,...)");
    }
    return "Bearer " + token;
  }

  public synchronized OperationLog operations() {
    ledger();
    return operations;
  }

  private synchronized RunLedger ledger() {
    if (ledger == null) {
      folder = RunFolder.locate(config.reports().dir(), simulation, openedAtMillis, ids.runTag());
      ledger = RunLedger.create(folder.resolve(RunLedger.FILE_NAME), ids.runTag());
      operations = OperationLog.create(folder);
      sampler = ResourceSampler.start(folder, baseUrl, () -> history, config.sampleEvery());
      writeRunInfo();
    }
    return ledger;
  }

  /** What a later re-verification needs to find the database again; no secret is written. */
  private void writeRunInfo() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode info = json.createObjectNode();
    info.put("runTag", ids.runTag());
    info.put("simulation", simulation.getSimpleName());
    info.put("startedAt", Instant.ofEpochMilli(openedAtMillis).toString());
    info.put("target", baseUrl);
    info.put("embedded", config.target().embedded());
    info.put("fault", config.engine().fault().flag());
    info.put("quick", config.quick());
    info.set("thresholds", json.valueToTree(shape.thresholds()));
    info.put("warnMargin", config.warnMargin());
    if (engine != null) {
      info.put("engineDataDir", engine.ready().dataDir().toString());
      info.put("engineLog", engine.log().toString());
    } else {
      info.put("jdbcUrl", config.target().jdbcUrl());
      info.put("dbUser", config.target().dbUser());
    }
    try {
      Files.writeString(folder.resolve("run.json"), info.toPrettyString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** After the load: starts waiting for every accepted run to finish. */
  public void beginDrain() {
    // An engine restart still under way would leave the drain reading a database that moved.
    faults.lock();
    try {
      startDrain();
    } finally {
      faults.unlock();
    }
  }

  private synchronized void startDrain() {
    ledger().close();
    operations.close();
    long accepted =
        LedgerReader.read(folder.resolve(RunLedger.FILE_NAME)).entries().stream()
            .filter(LedgerEntry::accepted)
            .count();
    drain = new Drain(history, ids.prefix(), accepted, config.verify().drainTimeout());
    drain.poll();
  }

  public boolean drained() {
    return drain == null || drain.done();
  }

  public void pollDrain() {
    drain.poll();
  }

  public synchronized void verify() {
    if (sampler != null) {
      sampler.close();
    }
    beforeVerify.run();
    String target =
        config.target().embedded() ? "embedded reference engine at " + baseUrl : baseUrl;
    Verification.Result result =
        Verification.run(
            folder,
            history,
            config.verify(),
            new Verification.Profile(
                simulation.getSimpleName(),
                target,
                shape.thresholds(),
                config.warnMargin(),
                shape.wholeRunThresholds(),
                evidence -> figures.rows(shape, evidence, config.warnMargin())));
    verdict = result.verdict();
    classification = result.classification();
    try {
      regression =
          RunReports.afterVerification(
                  folder,
                  new RunReports.Run(
                      simulation.getSimpleName(),
                      config.quick(),
                      Instant.ofEpochMilli(openedAtMillis),
                      config.target().embedded() ? "embedded" : baseUrl),
                  result,
                  config)
              .regression();
    } catch (RuntimeException e) {
      // Could not tell is no pass: the verify: regression group fails with no result to show.
      System.out.println(
          "regression: UNKNOWN - the run could not be held against its baseline (" + e + ")");
    }
  }

  /**
   * The run against its baseline, or empty when verification never ran or the check itself broke.
   */
  public java.util.Optional<RegressionCheck.Result> regression() {
    return java.util.Optional.ofNullable(regression);
  }

  /** The verdict, or unknown when verification never ran (e.g. the load was cut short). */
  public Verdict verdict() {
    return verdict != null ? verdict : Verdict.unknown(ids.runTag(), "verification did not run");
  }

  /** The profile's classification, or empty when verification never ran. */
  public java.util.Optional<Classification> classification() {
    return java.util.Optional.ofNullable(classification);
  }

  /** Something to do after the drain and before the check (a chaos run's manual edits). */
  public synchronized void beforeVerify(Runnable action) {
    this.beforeVerify = action;
  }

  /** The run folder, once the first request made it (null before). */
  public synchronized Path folder() {
    return folder;
  }

  /** Whether the target is the embedded engine, whose process and database a chaos run may hurt. */
  public boolean embedded() {
    return config.target().embedded();
  }

  /**
   * kill -9 of the embedded engine, {@code downtime} without it, then a new engine on the same
   * database and port. Not synchronized on this run: the load keeps going (and failing) meanwhile.
   */
  public String crashEngine(java.time.Duration downtime) throws SQLException, InterruptedException {
    return whileTheDrainWaits(() -> crash(downtime));
  }

  private String crash(java.time.Duration downtime) throws InterruptedException {
    EngineProcess crashed = engine;
    long pid = crashed.pid();
    crashed.killHard();
    Thread.sleep(downtime.toMillis());
    EngineProcess restarted = crashed.restart();
    engine = restarted;
    history = new HistoryReader(restarted.ready().checkerJdbcUrl(), null, null);
    return "engine pid "
        + pid
        + " killed with -9, pid "
        + restarted.pid()
        + " started on the same database";
  }

  /**
   * pg_terminate_backend of every engine connection to its database, as a database failover would.
   */
  public String terminateEngineConnections() throws SQLException {
    return database().terminateEngineConnections();
  }

  /**
   * PostgreSQL stopped fast, {@code downtime} without it, then started on the same data directory.
   */
  public String restartPostgres(java.time.Duration downtime)
      throws SQLException, InterruptedException {
    return whileTheDrainWaits(() -> database().restartPostgres(downtime));
  }

  /** The engine's pool run dry by an outside client holding the runs table for {@code hold}. */
  public String exhaustPool(java.time.Duration hold) throws SQLException, InterruptedException {
    return whileTheDrainWaits(() -> database().exhaustPool(hold));
  }

  /** A fault that moves or blocks the database: the drain does not start until it is over. */
  private interface Fault {
    String strike() throws SQLException, InterruptedException;
  }

  private String whileTheDrainWaits(Fault fault) throws SQLException, InterruptedException {
    faults.lock();
    try {
      return fault.strike();
    } finally {
      faults.unlock();
    }
  }

  /**
   * Changes {@code count} finished runs of this load behind the engine's back (status succeeded to
   * failed, by SQL as the database owner); returns their load ids, which replay must name.
   */
  public List<String> editRunsBehindTheEnginesBack(int count) throws SQLException {
    return database().editRuns(ids.prefix(), count);
  }

  private DatabaseFaults database() {
    EngineProcess.Ready ready = engine.ready();
    return new DatabaseFaults(ready.jdbcUrl(), ready.dataDir());
  }

  /** Stops the engine process and its database; safe to call twice. */
  public synchronized void after() {
    if (ledger != null) {
      ledger.close();
      operations.close();
    }
    if (sampler != null) {
      sampler.close();
    }
    if (engine != null) {
      engine.close();
      System.out.println("engine: stopped (pid " + engine.pid() + ")");
      engine = null;
    }
  }

  private static java.util.Map<String, String> tokensByTenant(String pairs) {
    java.util.Map<String, String> tokens = new java.util.HashMap<>();
    for (String pair : pairs.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        tokens.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return java.util.Map.copyOf(tokens);
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
