package dev.meshhook.load.harness;

import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.checker.Drain;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.ledger.LoadIds;
import dev.meshhook.load.ledger.LoadLedger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Test support: a real reference engine process with a chosen fault, and a plain HTTP client that
 * sends signed webhooks from the real feeder through a real ledger. Integration tests use it to
 * make the engine produce a fault and the checker catch it, without Gatling in between.
 */
public final class EngineUnderTest implements AutoCloseable {
  /** Where the tests' engines keep their homes and logs, one folder per run tag. */
  static final Path ENGINES = Path.of("target", "it-engines").toAbsolutePath();

  private EngineProcess engine;
  private LoadIds ids = new LoadIds(LoadIds.newRunTag(), "it");
  private final WebhookSigner signer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ProcessHandle postgres;

  private EngineUnderTest(EngineProcess engine, WebhookSigner signer) {
    this.engine = engine;
    this.signer = signer;
    this.postgres = postgresOf(engine);
  }

  public static EngineUnderTest start(FaultMode fault, int faultEvery) {
    return start(Map.of("engine.fault", fault.flag(), "engine.faultEvery", faultEvery));
  }

  /** An engine with these {@code engine.*} settings over application.conf's. */
  public static EngineUnderTest start(Map<String, ?> settings) {
    EngineOptions options = options(settings);
    String secret = "it-secret-" + System.nanoTime();
    EngineProcess engine =
        EngineProcess.start(
            options, EngineProcess.freePort(), ENGINES, LoadIds.newRunTag(), new Secret(secret));
    return new EngineUnderTest(engine, new WebhookSigner(secret));
  }

  /** The engine's options: these {@code engine.*} settings over application.conf's. */
  static EngineOptions options(Map<String, ?> settings) {
    return EngineOptions.read(
        ConfigFactory.parseMap(settings)
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  /**
   * Sends {@code count} webhooks one after another, every {@code badEvery}-th with a wrong
   * signature, recording each in a ledger at {@code folder/ledger}.
   */
  public void send(Path folder, int count, int badEvery) throws IOException, InterruptedException {
    send(folder, count, badEvery, 0);
  }

  /**
   * As {@link #send(Path, int, int)}, {@code gapMillis} apart; a request that gets no answer (the
   * engine is down) is recorded as unanswered and the sending goes on.
   */
  public void send(Path folder, int count, int badEvery, long gapMillis)
      throws IOException, InterruptedException {
    WebhookFeeder feeder = new WebhookFeeder(ids, WorkflowMix.load("workflows.csv"), badEvery);
    WebhookSigner wrong = new WebhookSigner("not-the-secret");
    try (LoadLedger ledger =
        LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), ids.runTag())) {
      for (int i = 0; i < count; i++) {
        Map<String, Object> r = feeder.next();
        byte[] body = ((String) r.get(WebhookFeeder.BODY)).getBytes(StandardCharsets.UTF_8);
        boolean bad = (Boolean) r.get(WebhookFeeder.BAD_SIGNATURE);
        String loadId = (String) r.get(WebhookFeeder.LOAD_ID);
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(baseUrl() + "/api/hooks/" + r.get(WebhookFeeder.SLUG)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(WebhookHeaders.LOAD_ID, loadId)
                .header(WebhookHeaders.SIGNATURE, (bad ? wrong : signer).sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        ledger.sent(
            loadId,
            (String) r.get(WebhookFeeder.SLUG),
            System.currentTimeMillis(),
            (Integer) r.get(WebhookFeeder.EXPECTED_STATUS));
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          String runId =
              response.body().contains("runId")
                  ? response.body().replaceAll(".*\"runId\":\"([^\"]+)\".*", "$1")
                  : null;
          ledger.answered(loadId, response.statusCode(), System.currentTimeMillis(), runId);
        } catch (IOException e) {
          ledger.answered(loadId, 0, System.currentTimeMillis(), null);
        }
        if (gapMillis > 0) {
          Thread.sleep(gapMillis);
        }
      }
    }
  }

  /** Sends raw bytes as a webhook, exactly as given (no signing unless the caller adds it). */
  public HttpResponse<String> postBytes(String slug, byte[] body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/hooks/" + slug))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public String apiToken(String project) {
    return engine.ready().apiTokens().get(project);
  }

  /** A management API call as {@code project} (null: without a token). */
  public HttpResponse<String> api(String method, String path, String body, String project)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (project != null) {
      b.header("Authorization", "Bearer " + apiToken(project));
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Publishes a workflow as {@code project}: {@code steps} is the JSON of the definition's step
   * list, without its brackets. Returns the API's answer (201 when published).
   */
  public HttpResponse<String> publishWorkflow(String project, String slug, String steps)
      throws IOException, InterruptedException {
    return api(
        "POST",
        "/api/workflows",
        "{\"slug\":\"" + slug + "\",\"definition\":{\"steps\":[" + steps + "]}}",
        project);
  }

  /** A correctly signed JSON webhook carrying {@code loadId}. */
  public HttpResponse<String> webhook(String slug, String body, String loadId)
      throws IOException, InterruptedException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return postBytes(
        slug,
        bytes,
        Map.of(
            "Content-Type",
            "application/json",
            WebhookHeaders.LOAD_ID,
            loadId,
            WebhookHeaders.SIGNATURE,
            signer.sign(bytes)));
  }

  public HttpClient http() {
    return http;
  }

  public Path dataDir() {
    return engine.ready().dataDir();
  }

  /** kill -9 of the engine process, then a new one on the same database and port. */
  public void crashAndRestart(long downMillis) throws InterruptedException {
    engine.killHard();
    Thread.sleep(downMillis);
    engine = engine.restart();
    postgres = postgresOf(engine);
  }

  public WebhookSigner signer() {
    return signer;
  }

  public String baseUrl() {
    return engine.ready().baseUrl();
  }

  /**
   * Later sends and checks are a run of their own, under a new run tag, on the same engine: a test
   * spares an engine start.
   */
  public void newRunTag() {
    ids = new LoadIds(LoadIds.newRunTag(), "it");
  }

  public String loadIdPrefix() {
    return ids.prefix();
  }

  /**
   * Waits until no run of this engine's load is still running and {@code accepted} are recorded, or
   * {@code timeout} passes (a stuck run is for the checker to judge, not for the wait to hide).
   */
  public void awaitDrain(long accepted, java.time.Duration timeout) throws InterruptedException {
    awaitDrain(checkerHistory(), accepted, timeout);
  }

  /** As {@link #awaitDrain(long, Duration)}, reading as {@code role}. */
  public void awaitDrainAs(String role, long accepted, Duration timeout)
      throws InterruptedException {
    awaitDrain(checkerHistory(role), accepted, timeout);
  }

  private void awaitDrain(HistoryReader history, long accepted, Duration timeout)
      throws InterruptedException {
    Drain drain = new Drain(history, loadIdPrefix(), accepted, timeout);
    while (!drain.poll()) {
      Thread.sleep(200);
    }
  }

  /**
   * Waits until no more than {@code stuck} runs of this engine's load are still running, the ones a
   * fault keeps from finishing on purpose, so that a merely slow run is waited for rather than
   * counted as stuck; fails after {@code timeout}.
   */
  public void awaitOnlyStuckLeft(long stuck, Duration timeout)
      throws InterruptedException, java.sql.SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long[] counts = checkerHistory().pending(loadIdPrefix());
    while (counts[0] > stuck) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            counts[0]
                + " runs still running after "
                + timeout.toSeconds()
                + " s, "
                + stuck
                + " expected");
      }
      Thread.sleep(200);
      counts = checkerHistory().pending(loadIdPrefix());
    }
  }

  public HistoryReader checkerHistory() {
    return new HistoryReader(engine.ready().checkerJdbcUrl(), null, null);
  }

  /** The checker's view of the database as {@code role}. */
  public HistoryReader checkerHistory(String role) {
    return new HistoryReader(engine.ready().jdbcUrlAs(role), null, null);
  }

  /** The engine database's JDBC URL for {@code role}. */
  public String jdbcUrlAs(String role) {
    return engine.ready().jdbcUrlAs(role);
  }

  public String ownerJdbcUrl() {
    return engine.ready().jdbcUrl();
  }

  /** The engine JVM now running. */
  public ProcessHandle engineProcess() {
    return engine.handle();
  }

  /** The engine's PostgreSQL, checked to be a live postgres process when the engine was ready. */
  public ProcessHandle postgresProcess() {
    return postgres;
  }

  /** SIGINT to the engine's PostgreSQL (its fast shutdown), through the checked handle only. */
  public void stopPostgresFast() {
    ProcessSignals.send(
        postgres, ProcessSignals.Expected.postgres(dataDir()), ProcessSignals.Signal.INT);
    if (!ProcessSignals.awaitExit(postgres, 30)) {
      throw new IllegalStateException(
          "PostgreSQL pid " + postgres.pid() + " did not stop within 30 s of SIGINT");
    }
  }

  // A test that means to signal or watch PostgreSQL must have found it: there is no "-1" fallback.
  private static ProcessHandle postgresOf(EngineProcess engine) {
    return engine
        .postgres()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the engine is ready but no live postgres process holds "
                        + engine.ready().dataDir()
                        + "/postmaster.pid"));
  }

  @Override
  public void close() {
    engine.close();
  }
}
