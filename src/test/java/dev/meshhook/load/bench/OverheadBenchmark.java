package dev.meshhook.load.bench;

import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.harness.ChildJvm;
import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.harness.GatlingCommand;
import dev.meshhook.load.ledger.LoadIds;
import dev.meshhook.load.settings.Settings;
import dev.meshhook.load.simulations.LoadSimulation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the suite costs beside the load it makes ({@code mvn -Pbench-overhead}): one engine with its
 * rate limit lifted; rounds of the bare simulation and the suite's load profile at the same rate
 * and duration against it, in alternating order so that a machine drifting during the session
 * weighs on both alike; each Gatling JVM's whole CPU, user and system, from its start to its exit
 * (the suite's verification and reports included), as bash's {@code times} reads it for its child.
 * Prints each run, the medians per request and their ratio.
 */
public final class OverheadBenchmark {
  /** The knobs, from the {@code bench} block of application.conf or -Dbench.*. */
  record Knobs(double rate, Duration steady, int rounds, boolean jfr, boolean skipPeer) {
    static Knobs read(Settings s) {
      return new Knobs(
          s.positive("bench.rate"),
          Duration.ofSeconds(s.intBetween("bench.seconds", 5, 3600)),
          s.intBetween("bench.rounds", 1, 20),
          s.bool("bench.jfr"),
          s.bool("bench.skipPeer"));
    }
  }

  /** One Gatling JVM's run: its CPU and the requests it made. */
  record Measured(
      String variant,
      double userSeconds,
      double systemSeconds,
      long requests,
      int exit,
      double p99Millis) {
    double cpuMillisPerRequest() {
      return requests == 0 ? Double.NaN : (userSeconds + systemSeconds) * 1000 / requests;
    }
  }

  private static final Duration RAMP = Duration.ofSeconds(5);
  // Gatling's summary: "> request count   |    13,002 |    13,002 |   -" (Total, OK, KO).
  private static final Pattern REQUESTS = Pattern.compile("> request count\\s*\\|\\s*([\\d,]+)");
  // "> response time 99th percentile (ms)   |     5,219 |     5,218 |   -" (Total, OK, KO).
  private static final Pattern P99 =
      Pattern.compile("> response time 99th percentile \\(ms\\)\\s*\\|\\s*([\\d,]+)");
  // The keep-alive peer's connections, as the issue that asked for the comparison measured it.
  private static final int PEER_CONNECTIONS = 32;
  // bash's `times`: the shell's user and system time, then its children's, e.g. 0m12.345s.
  private static final Pattern TIMES =
      Pattern.compile("(?m)^(\\d+)m([0-9.]+)s (\\d+)m([0-9.]+)s\\s*\\z");

  private OverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    // The pom hands -Dbench.rate= (empty) on when the user gave none: application.conf decides.
    for (String key :
        List.of("bench.rate", "bench.seconds", "bench.rounds", "bench.jfr", "bench.skipPeer")) {
      if (System.getProperty(key, "x").isBlank()) {
        System.clearProperty(key);
      }
    }
    ConfigFactory.invalidateCaches();
    Knobs knobs = Knobs.read(new Settings(ConfigFactory.load()));
    Path out = Path.of("target", "bench-overhead").toAbsolutePath();
    Files.createDirectories(out);
    Secret secret = Secret.random();
    EngineOptions options =
        EngineOptions.read(
            ConfigFactory.parseMap(
                    Map.of(
                        "engine.rateLimit.perSecond", 1_000_000_000,
                        "engine.rateLimit.burst", 1_000_000_000))
                .withFallback(ConfigFactory.load())
                .resolve());
    System.out.printf(
        Locale.ROOT,
        "bench-overhead: %d round(s) of bare and suite, %.0f webhooks/s for %d s after a %d s"
            + " ramp, one engine (rate limit lifted); output in %s%n",
        knobs.rounds(),
        knobs.rate(),
        knobs.steady().toSeconds(),
        RAMP.toSeconds(),
        out);
    List<Measured> bare = new ArrayList<>();
    List<Measured> suite = new ArrayList<>();
    try (EngineProcess engine =
        EngineProcess.start(
            options,
            EngineProcess.freePort(),
            out.resolve("engines"),
            LoadIds.newRunTag(),
            secret)) {
      List<String> settings =
          List.of(
              "target.url=" + engine.ready().baseUrl(),
              "target.jdbcUrl=" + engine.ready().jdbcUrl(),
              "target.webhookSecret=" + secret.reveal(),
              // The same requests as the bare run's: every one correctly signed.
              "feeder.badSignatureEvery=0",
              "load.rate=" + knobs.rate(),
              "load.rampDuration=" + RAMP.toSeconds() + "s",
              "load.duration=" + knobs.steady().toSeconds() + "s",
              // Where Gatling writes its run folders, as in a user's run: the suite's first webhook
              // finds Gatling's folder there. Elsewhere it waited 5 s for it before falling back to
              // a
              // folder of its own, and the ramp's users piled up behind that first webhook.
              "reports.dir=" + out.resolve("results"));
      for (int round = 1; round <= knobs.rounds(); round++) {
        boolean bareFirst = round % 2 == 1;
        for (int i = 0; i < 2; i++) {
          boolean isBare = (i == 0) == bareFirst;
          Measured m =
              run(
                  isBare ? "bare" : "suite",
                  isBare ? BareSimulation.class.getName() : LoadSimulation.class.getName(),
                  settings,
                  out,
                  round,
                  knobs);
          (isBare ? bare : suite).add(m);
          print(round, m);
        }
      }
      if (!knobs.skipPeer()) {
        comparePeers(engine, secret, settings, suite, out, knobs);
      }
    }
    double bareMedian = median(bare);
    double suiteMedian = median(suite);
    System.out.printf(
        Locale.ROOT,
        "suite/bare CPU per request %.2f (suite median %.3f ms, bare median %.3f ms per request;"
            + " %d round(s) of %d s at %.0f/s)%n",
        suiteMedian / bareMedian,
        suiteMedian,
        bareMedian,
        knobs.rounds(),
        knobs.steady().toSeconds(),
        knobs.rate());
  }

  private static void print(int round, Measured m) {
    System.out.printf(
        Locale.ROOT,
        "round %d %-5s: %.1f s CPU (%.1f user + %.1f system) for %,d requests = %.3f ms"
            + " per request; Gatling's p99 %,.0f ms%s%n",
        round,
        m.variant(),
        m.userSeconds() + m.systemSeconds(),
        m.userSeconds(),
        m.systemSeconds(),
        m.requests(),
        m.cpuMillisPerRequest(),
        m.p99Millis(),
        m.exit() == 0 ? "" : " (Gatling exited " + m.exit() + ")");
  }

  /**
   * The webhook p99 at the bench's rate with a connection per virtual user (the suite's rounds),
   * with shared connections (one more suite run) and from autocannon over keep-alive connections:
   * how much of Gatling's figure is its connection set-up.
   */
  private static void comparePeers(
      EngineProcess engine,
      Secret secret,
      List<String> settings,
      List<Measured> perUser,
      Path out,
      Knobs knobs)
      throws IOException, InterruptedException {
    List<String> shared = new ArrayList<>(settings);
    shared.add("http.connections=shared");
    Measured sharedRun =
        run("shared", LoadSimulation.class.getName(), shared, out, knobs.rounds() + 1, knobs);
    print(knobs.rounds() + 1, sharedRun);
    WorkflowMix mix =
        WorkflowMix.load(new Settings(ConfigFactory.load()).string("feeder.workflows"));
    String peer;
    try {
      KeepAlivePeer.Result r =
          KeepAlivePeer.run(
              engine.ready().baseUrl(),
              secret,
              mix,
              knobs.rate(),
              knobs.steady(),
              PEER_CONNECTIONS,
              out);
      peer =
          String.format(
              Locale.ROOT,
              "autocannon, %d keep-alive connections %,.0f ms (%,d sent, %,d 2xx, %,d other, %,d"
                  + " errors)",
              PEER_CONNECTIONS,
              r.p99(),
              r.sent(),
              r.ok(),
              r.non2xx(),
              r.errors());
    } catch (RuntimeException e) {
      peer = "autocannon not measured (" + e.getMessage() + ")";
    }
    System.out.printf(
        Locale.ROOT,
        "webhook p99 at %.0f/s: Gatling, a connection per virtual user %,.0f ms (median of %d"
            + " suite runs); Gatling, shared connections %,.0f ms; %s%n",
        knobs.rate(),
        medianOf(perUser.stream().mapToDouble(Measured::p99Millis).toArray()),
        perUser.size(),
        sharedRun.p99Millis(),
        peer);
  }

  private static Measured run(
      String variant, String simulation, List<String> settings, Path out, int round, Knobs knobs)
      throws IOException, InterruptedException {
    Path log = out.resolve("round-" + round + "-" + variant + ".log");
    List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\"; s=$?; times; exit $s"));
    command.add("bench-overhead");
    // The JVM's defaults, as a user's mvn gatling:test has them; Gatling's HTML report in both.
    // With bench.jfr, a flight recording of each JVM beside its log, to see what the suite adds.
    List<String> jvm =
        knobs.jfr()
            ? List.of(
                "-XX:StartFlightRecording=settings=profile,filename="
                    + out.resolve("round-" + round + "-" + variant + ".jfr"))
            : List.of();
    command.addAll(GatlingCommand.of(simulation, out.resolve("results"), jvm, settings, true));
    Process p =
        ChildJvm.start(
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
    long limit = RAMP.plus(knobs.steady()).toSeconds() + 600;
    if (!p.waitFor(limit, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IllegalStateException(variant + " did not finish in " + limit + " s; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return measured(variant, output, p.exitValue(), log);
  }

  /** The CPU bash's {@code times} gave for its child, and the requests Gatling counted. */
  static Measured measured(String variant, String output, int exit, Path log) {
    Matcher times = TIMES.matcher(output.stripTrailing() + "\n");
    Matcher requests = REQUESTS.matcher(output);
    if (!times.find() || !requests.find()) {
      throw new IllegalStateException(
          variant + ": no CPU times or request count in its output; see " + log);
    }
    String count = requests.group(1);
    while (requests.find()) {
      count = requests.group(1); // the last summary is the whole run's
    }
    String p99 = null;
    Matcher percentile = P99.matcher(output);
    while (percentile.find()) {
      p99 = percentile.group(1);
    }
    return new Measured(
        variant,
        Long.parseLong(times.group(1)) * 60 + Double.parseDouble(times.group(2)),
        Long.parseLong(times.group(3)) * 60 + Double.parseDouble(times.group(4)),
        Long.parseLong(count.replace(",", "")),
        exit,
        p99 == null ? Double.NaN : Double.parseDouble(p99.replace(",", "")));
  }

  static double median(List<Measured> runs) {
    return medianOf(runs.stream().mapToDouble(Measured::cpuMillisPerRequest).toArray());
  }

  private static double medianOf(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
