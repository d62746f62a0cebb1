package dev.meshhook.load.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.checker.RunChecker;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadIds;
import dev.meshhook.load.ledger.LoadLedger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code mvn -Pbench-intake}: the reference engine's webhook intake against pgbench running the
 * same insert transaction on the same embedded PostgreSQL, side by side in one run; then a 3-step
 * workflow's end-to-end time at half the measured intake maximum. Figures go to docs/PERFORMANCE.md
 * by hand, with the machine and date.
 */
public final class IntakeBenchmark {
  private static final int CLIENTS = 32;
  private static final Duration RAMP = Duration.ofSeconds(5);
  private static final Duration MEASURE = Duration.ofSeconds(15);
  private static final Duration JIT_WARM_UP = Duration.ofSeconds(60);
  private static final int SENDERS = 64;
  // A space after every colon: pgbench would take ":false" in its script for a variable.
  private static final String BODY =
      "{\"event\": \"user.signup\", \"userId\": \"usr-1\", \"email\": \"user1@example.test\", \"plan\": \"free\", \"simulateFailure\": false}";

  private IntakeBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Maven hands -Dbench.args over as one argument: "--end-to-end-only 1000 3000".
    String[] words = String.join(" ", args).trim().split("\\s+");
    if (words.length >= 2 && words[0].equals("--end-to-end-only")) {
      endToEndOnly(
          java.util.Arrays.stream(words, 1, words.length)
              .mapToDouble(Double::parseDouble)
              .toArray());
      return;
    }
    String pgbench = findPgbench();
    Path engines = Path.of("target", "bench-engines").toAbsolutePath();
    String secret = "bench-" + System.nanoTime();
    WebhookSigner signer = new WebhookSigner(secret);
    HttpClient http = client();

    // Intake only: no workers, no rate limit, so both sides do nothing but record runs.
    double intake;
    double sql;
    try (EngineProcess engine =
        EngineProcess.start(
            options(Map.of("engine.workers", 0)),
            EngineProcess.freePort(),
            engines,
            LoadIds.newRunTag(),
            new Secret(secret))) {
      String port = engine.ready().jdbcUrl().replaceAll(".*:(\\d+)/.*", "$1");
      Path script = writePgbenchScript();
      List<Double> webhookRates = new ArrayList<>();
      List<Double> pgbenchRates = new ArrayList<>();
      for (int round = 1; round <= 2; round++) {
        webhookRates.add(
            webhooks(http, engine.ready().baseUrl() + "/api/hooks/user-signup", signer));
        pgbenchRates.add(pgbench(pgbench, script, port));
        System.out.printf(
            Locale.ROOT,
            "round %d: webhooks %.0f/s, pgbench %.0f tx/s%n",
            round,
            webhookRates.get(round - 1),
            pgbenchRates.get(round - 1));
      }
      intake = webhookRates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      sql = pgbenchRates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      System.out.printf(
          Locale.ROOT,
          "intake: best %.0f webhooks/s vs pgbench best %.0f tx/s = %.2fx (%d clients each)%n",
          intake,
          sql,
          intake / sql,
          CLIENTS);
    }

    endToEnd(http, secret, intake);
  }

  /**
   * Just the end-to-end part, at each rate in turn on one engine: {@code --end-to-end-only
   * RATE...}.
   */
  private static void endToEndOnly(double... rates) throws Exception {
    String secret = "bench-" + System.nanoTime();
    endToEnd(client(), secret, Double.NaN, rates);
  }

  /**
   * A 3-step workflow on an engine with workers: warm-up, then the whole-run capacity (closed
   * loop), then the end-to-end time at 200/s, 1,000/s, half the capacity and, when known, half the
   * intake maximum; or at the rates given.
   */
  private static void endToEnd(HttpClient http, String secret, double intake, double... rates)
      throws Exception {
    WebhookSigner signer = new WebhookSigner(secret);
    try (EngineProcess engine =
        EngineProcess.start(
            options(Map.of()),
            EngineProcess.freePort(),
            Path.of("target", "bench-engines").toAbsolutePath(),
            LoadIds.newRunTag(),
            new Secret(secret))) {
      publishThreeSteps(http, engine);
      // A fresh engine JVM spends its first minute compiling (C2 took a third of both JVMs' CPU in
      // that minute, measured with async-profiler): measuring then would time the JIT compiler.
      long warmUntil = System.nanoTime() + JIT_WARM_UP.toNanos();
      while (System.nanoTime() < warmUntil) {
        sendOpen(
            http,
            engine,
            signer,
            500,
            Duration.ofSeconds(10),
            new LoadIds(LoadIds.newRunTag(), "warm"),
            null);
        awaitIdle(engine);
      }
      System.out.printf(
          Locale.ROOT, "warm-up: %d s at 500 webhooks/s, not measured%n", JIT_WARM_UP.toSeconds());
      double capacity = wholeRunCapacity(http, engine, signer);
      List<Double> chosen = new ArrayList<>();
      if (rates.length > 0) {
        java.util.Arrays.stream(rates).forEach(chosen::add);
      } else {
        chosen.addAll(List.of(200.0, 1000.0, Math.floor(capacity / 2)));
        if (!Double.isNaN(intake)) {
          chosen.add(Math.floor(intake / 2));
        }
      }
      for (double rate : chosen) {
        report(rate, endToEnd(http, engine, signer, rate));
      }
    }
  }

  /**
   * Finished runs per second with CLIENTS closed-loop senders: what the engine sustains when it
   * also executes every run, the intake maximum being what it takes in with no worker at all.
   */
  private static double wholeRunCapacity(
      HttpClient http, EngineProcess engine, WebhookSigner signer) throws Exception {
    long from = System.currentTimeMillis() + RAMP.toMillis();
    double accepted =
        webhooks(http, engine.ready().baseUrl() + "/api/hooks/bench-three-steps", signer);
    long to = from + MEASURE.toMillis();
    long finished;
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(engine.ready().checkerJdbcUrl());
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM workflow_runs WHERE finished_at >= to_timestamp(? / 1000.0) AND finished_at < to_timestamp(? / 1000.0)")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        finished = rs.getLong(1);
      }
    }
    awaitIdle(engine);
    double capacity = finished / (double) MEASURE.toSeconds();
    System.out.printf(
        Locale.ROOT,
        "whole-run capacity, 3-step workflow, %d closed-loop clients: %.0f runs finished/s (%.0f webhooks accepted/s)%n",
        CLIENTS,
        capacity,
        accepted);
    return capacity;
  }

  /**
   * Waits until no run is left running, so one measurement does not inherit the last one's backlog.
   */
  private static void awaitIdle(EngineProcess engine) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(engine.ready().checkerJdbcUrl());
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM workflow_runs WHERE status = 'running'")) {
      while (System.nanoTime() < deadline) {
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("runs still running 120 s after the load stopped");
  }

  /**
   * The benchmark's own HTTP client. Two threads complete the answers: the JDK's default executor
   * starts a thread per burst, and on two cores that churn took CPU from the engine under test.
   */
  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .executor(
            Executors.newFixedThreadPool(
                2,
                r -> {
                  Thread t = new Thread(r, "bench-http");
                  t.setDaemon(true);
                  return t;
                }))
        .build();
  }

  /**
   * One end-to-end measurement: the checker's verdict and the 202's own latency, as the sender saw
   * it.
   */
  private record EndToEnd(
      Verdict verdict, Latency answer, String engineIntake, long sent, long notSent) {}

  private static void report(double rate, EndToEnd run) {
    Verdict verdict = run.verdict();
    System.out.printf(
        Locale.ROOT,
        "end to end, 3-step workflow at %.0f webhooks/s for %d s: %,d sent (%,d not sent within 30 s of the window), %,d finished runs,"
            + " %s; answer (202) p50 %d ms, p99 %d ms; engine-side intake %s (%s: %s)%n",
        rate,
        MEASURE.toSeconds(),
        run.sent(),
        run.notSent(),
        verdict.endToEnd().count(),
        verdict.endToEnd().describe(),
        run.answer().p50(),
        run.answer().p99(),
        run.engineIntake(),
        verdict.outcome(),
        verdict.reason());
    verdict.findings().values().stream()
        .filter(f -> !f.ok())
        .forEach(f -> System.out.println("  " + f.anomaly().label() + ", e.g. " + f.examples()));
  }

  private static void publishThreeSteps(HttpClient http, EngineProcess engine)
      throws IOException, InterruptedException {
    String token = engine.ready().apiTokens().get("acme");
    HttpResponse<String> published =
        http.send(
            HttpRequest.newBuilder(URI.create(engine.ready().baseUrl() + "/api/workflows"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"slug\":\"bench-three-steps\",\"definition\":{\"steps\":["
                            + "{\"type\":\"transform\",\"set\":{\"user\":\"input.userId\"}},"
                            + "{\"type\":\"transform\",\"set\":{\"plan\":\"input.plan\"}},"
                            + "{\"type\":\"transform\",\"set\":{\"done\":\"`true`\"}}]}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (published.statusCode() != 201) {
      throw new IllegalStateException(
          "could not publish the benchmark workflow: " + published.body());
    }
  }

  private static EngineOptions options(Map<String, ?> settings) {
    Map<String, Object> all = new java.util.HashMap<>(settings);
    all.put("engine.rateLimit.perSecond", 1_000_000_000);
    all.put("engine.rateLimit.burst", 1_000_000_000);
    return EngineOptions.read(
        ConfigFactory.parseMap(all)
            .withFallback(ConfigFactory.parseResources("application.conf"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve());
  }

  /**
   * Closed loop, CLIENTS senders; returns accepted webhooks per second over the measured window.
   */
  private static double webhooks(HttpClient http, String url, WebhookSigner signer)
      throws Exception {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    String signature = signer.sign(body);
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + RAMP.toNanos();
    long end = measureFrom + MEASURE.toNanos();
    CountDownLatch done = new CountDownLatch(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      Thread t =
          new Thread(
              () -> {
                HttpRequest request =
                    HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .header(WebhookHeaders.SIGNATURE, signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                try {
                  long now;
                  while ((now = System.nanoTime()) < end) {
                    int status =
                        http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (now >= measureFrom) {
                      (status == 202 ? accepted : failed).incrementAndGet();
                    }
                  }
                } catch (IOException | InterruptedException e) {
                  failed.incrementAndGet();
                } finally {
                  done.countDown();
                }
              });
      t.start();
    }
    done.await();
    if (failed.get() > 0) {
      System.out.println("  webhooks not accepted: " + failed.get());
    }
    return accepted.get() / (double) MEASURE.toSeconds();
  }

  private static Path writePgbenchScript() throws IOException {
    ObjectMapper json = new ObjectMapper();
    String created =
        json.createObjectNode()
            .put("body", BODY)
            .set(
                "headers",
                json.createObjectNode()
                    .put("content-type", "application/json")
                    .put("x-signature", "sha256=" + "0".repeat(64))
                    .put("host", "127.0.0.1")
                    .put("user-agent", "Java-http-client/17")
                    .put("content-length", "105"))
            .toString()
            .replace("\":", "\": ");
    String context = "{\"input\": " + BODY + "}";
    Path script = Files.createTempFile("intake", ".sql");
    Files.writeString(
        script,
        String.join(
            "\n",
            "SELECT gen_random_uuid() AS rid \\gset",
            "BEGIN;",
            "INSERT INTO workflow_runs (id, project_id, workflow_id, status) VALUES (:rid, '0a000000-0000-4000-8000-000000000001', '0c000000-0000-4000-8000-000000000002', 'running');",
            "INSERT INTO workflow_events (run_id, type, payload) VALUES (:rid, 'run_created', '"
                + created.replace("'", "''")
                + "'::jsonb);",
            "INSERT INTO engine_run_queue (run_id, context) VALUES (:rid, '"
                + context.replace("'", "''")
                + "'::jsonb);",
            "COMMIT;",
            ""));
    return script;
  }

  private static double pgbench(String pgbench, Path script, String port) throws Exception {
    Process p =
        new ProcessBuilder(
                pgbench,
                "-n",
                "-M",
                "extended",
                "-f",
                script.toString(),
                "-c",
                Integer.toString(CLIENTS),
                "-j",
                "2",
                "-T",
                Long.toString(RAMP.plus(MEASURE).toSeconds()),
                "-h",
                "127.0.0.1",
                "-p",
                port,
                "-U",
                "postgres",
                "postgres")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("pgbench failed:\n" + out);
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("tps = ([0-9.]+)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no tps in pgbench output:\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }

  /**
   * Open model at {@code rate}/s for the measured window; the checker gives send-to-finished
   * percentiles.
   */
  private static EndToEnd endToEnd(
      HttpClient http, EngineProcess engine, WebhookSigner signer, double rate) throws Exception {
    LoadIds ids = new LoadIds(LoadIds.newRunTag(), "bench");
    Path folder = Files.createTempDirectory("e2e");
    Sent sent;
    java.util.TreeMap<Double, Double> before = intakeBuckets(http, engine);
    try (LoadLedger ledger =
        LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), ids.runTag())) {
      sent = sendOpen(http, engine, signer, rate, MEASURE, ids, ledger);
    }
    String engineSide = intakePercentiles(before, intakeBuckets(http, engine));
    HistoryReader history = new HistoryReader(engine.ready().checkerJdbcUrl(), null, null);
    List<LedgerEntry> ledger = LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries();
    long accepted = ledger.stream().filter(LedgerEntry::accepted).count();
    dev.meshhook.load.checker.Drain drain =
        new dev.meshhook.load.checker.Drain(
            history, ids.prefix(), accepted, Duration.ofSeconds(60));
    while (!drain.poll()) {
      Thread.sleep(1_000);
    }
    Latency answer =
        Latency.of(
            ledger.stream()
                .filter(LedgerEntry::accepted)
                .mapToLong(e -> e.answeredEpochMs() - e.sentEpochMs())
                .toArray());
    Verdict verdict =
        new RunChecker(SuiteConfig.Allowed.NONE, 5)
            .check(RunChecker.History.of(ids.runTag(), ledger, history.runs(ids.prefix())));
    return new EndToEnd(verdict, answer, engineSide, sent.sent(), sent.notSent());
  }

  /** The engine's own intake histogram ({@code /metrics}): upper bound in seconds to count. */
  private static java.util.TreeMap<Double, Double> intakeBuckets(
      HttpClient http, EngineProcess engine) throws Exception {
    java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(engine.ready().baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(?m)^meshhook_intake_seconds_bucket\\{.*?le=\"([^\"]+)\".*?\\} (\\S+)$")
            .matcher(text);
    while (m.find()) {
      double le =
          m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
      buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
    }
    return buckets;
  }

  /** p50 and p99 of the intake histogram's growth between two scrapes, as bucket upper bounds. */
  private static String intakePercentiles(
      java.util.TreeMap<Double, Double> before, java.util.TreeMap<Double, Double> after) {
    double total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
    StringBuilder out = new StringBuilder();
    for (double q : new double[] {0.50, 0.99}) {
      for (var e : after.entrySet()) {
        if (e.getValue() - before.getOrDefault(e.getKey(), 0.0) >= q * total) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "%sp%d <= %.1f ms",
                  out.length() == 0 ? "" : ", ",
                  Math.round(q * 100),
                  e.getKey() * 1000));
          break;
        }
      }
    }
    return out.toString();
  }

  /**
   * Sends signed webhooks at {@code rate}/s for {@code length} from {@value #SENDERS} threads, each
   * with its load id and, when a ledger is given, recorded in it with its <em>intended</em> send
   * time: a request that waits for a free sender is late, and its lateness counts in its latency
   * (no coordinated omission). Returns sent and not sent (still unsent 30 s after the window).
   *
   * <p>Blocking senders on kept-alive connections, not {@code sendAsync}: the JDK client opens a
   * connection per request in flight, and at 1,000/s its answers arrived later than the engine
   * finished the runs (202 p50 648 ms, send to finished p50 316 ms): the client was measured.
   */
  private record Sent(long sent, long notSent) {}

  private static Sent sendOpen(
      HttpClient http,
      EngineProcess engine,
      WebhookSigner signer,
      double rate,
      Duration length,
      LoadIds ids,
      LoadLedger ledger)
      throws InterruptedException {
    long total = (long) (rate * length.toSeconds());
    double periodNanos = 1e9 / rate;
    long startNanos = System.nanoTime() + 10_000_000L;
    long startEpochMs = System.currentTimeMillis() + 10;
    long giveUp = startNanos + length.plusSeconds(30).toNanos();
    AtomicLong seqs = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    URI hook = URI.create(engine.ready().baseUrl() + "/api/hooks/bench-three-steps");
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      Thread t =
          new Thread(
              () -> {
                long seq;
                while ((seq = seqs.incrementAndGet()) <= total && System.nanoTime() < giveUp) {
                  long intended = startNanos + (long) ((seq - 1) * periodNanos);
                  long wait = intended - System.nanoTime();
                  if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                  }
                  String loadId = ids.id(seq);
                  byte[] body =
                      BODY.replace("usr-1", "usr-" + seq).getBytes(StandardCharsets.UTF_8);
                  HttpRequest request =
                      HttpRequest.newBuilder(hook)
                          .timeout(Duration.ofSeconds(30))
                          .header("Content-Type", "application/json")
                          .header(WebhookHeaders.LOAD_ID, loadId)
                          .header(WebhookHeaders.SIGNATURE, signer.sign(body))
                          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                          .build();
                  if (ledger != null) {
                    ledger.sent(
                        loadId,
                        "bench-three-steps",
                        startEpochMs + (long) ((seq - 1) * periodNanos / 1e6),
                        202);
                  }
                  int status;
                  try {
                    status =
                        http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                  } catch (IOException e) {
                    status = 0;
                  } catch (InterruptedException e) {
                    return;
                  }
                  sent.incrementAndGet();
                  if (ledger != null) {
                    ledger.answered(loadId, status, System.currentTimeMillis(), null);
                  }
                }
              },
              "bench-sender-" + i);
      t.start();
      senders.add(t);
    }
    for (Thread t : senders) {
      t.join();
    }
    return new Sent(sent.get(), total - sent.get());
  }

  private static String findPgbench() throws IOException {
    for (String candidate : new String[] {"/usr/bin/pgbench", "/usr/local/bin/pgbench"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
      for (Path dir : dirs.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (Files.isExecutable(dir.resolve("bin/pgbench"))) {
          return dir.resolve("bin/pgbench").toString();
        }
      }
    } catch (IOException e) {
      // no PostgreSQL installation: fall through
    }
    throw new IllegalStateException(
        "pgbench not found: install Debian's postgresql-15 (apt-get install postgresql-15) or put pgbench on the PATH");
  }
}
