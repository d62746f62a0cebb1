package dev.meshhook.load.distributed;

import static dev.meshhook.load.testing.JsonRead.number;
import static dev.meshhook.load.testing.JsonRead.whole;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.harness.GatlingCommand;
import dev.meshhook.load.harness.ProcessSignals;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.testing.HeldProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Several injector JVMs against one reference engine, as {@code scripts/injectors.sh} and the
 * Kubernetes Job run them, then the merged verification: one verdict over every ledger.
 */
class InjectorsIT {
  /**
   * A folder of this build's own: merged runs go into its history and run index, and a baseline
   * made of earlier builds' runs on this machine would judge this one by them.
   */
  static final Path REPORTS =
      Path.of("target", "it-injectors", Long.toString(System.currentTimeMillis())).toAbsolutePath();

  /** As the other tests' Gatling runs: short-lived JVMs on 2 cores do better without C2 and G1. */
  static final List<String> LIGHT_JVM = GatlingCommand.LIGHT_JVM;

  /**
   * Light injector JVMs are ready 5-7 s after they start here (2 or 3 at once, 2 cores): the
   * barrier 10 s ahead (one that is late still starts, and says so).
   */
  static final Duration BARRIER = Duration.ofSeconds(10);

  /**
   * What these tests judge is the merge, not this machine's speed: three JVMs, the engine and
   * PostgreSQL share 2 cores, so latency thresholds are wide and the rate limit out of the way.
   */
  static final Map<String, String> MACHINE_ALLOWANCE =
      Map.of(
          "smoke.thresholds.p95Ms", "30000",
          "smoke.thresholds.p99Ms", "30000",
          "smoke.availabilityTarget", "0",
          "engine.rateLimit.perSecond", "10000",
          "engine.rateLimit.burst", "10000",
          "live.enabled", "false");

  @Test
  void threeInjectorsAt50PerSecondEachGiveOnePassingVerdictOverTheUnionOfTheirLedgers()
      throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(MACHINE_ALLOWANCE);
    settings.putAll(
        // A ramp of 5 s first: a cold engine met at once by 150/s fails a few runs' http_calls.
        Map.of("smoke.rate", "150", "smoke.rampDuration", "5s", "smoke.duration", "15s"));
    try (LocalInjectors run =
        LocalInjectors.start(
            new LocalInjectors.Plan("smoke", 3, REPORTS, settings, LIGHT_JVM, true, BARRIER))) {
      List<Integer> exits = run.await(Duration.ofMinutes(3));
      int code = run.verifyMerged();

      assertThat(exits).as("injectors' exit codes").containsExactly(0, 0, 0);
      assertThat(code).as("merged verification's exit code").isZero();
      JsonNode report = verification(run.mergedDir());
      assertThat(report.path("outcome").asText()).isEqualTo("pass");
      List<LedgerEntry> union = new ArrayList<>();
      long sum = 0;
      for (int i = 0; i < 3; i++) {
        List<LedgerEntry> own = ledgerOf(run.mergedDir().resolve("injector-" + i)).entries();
        // 50/s for 15 s after a 5 s ramp from 1/3 per second: about 876 each.
        assertThat(own.size()).as("injector %d sent", i).isBetween(840, 910);
        String ids = run.runTag() + "-" + i + "-";
        assertThat(own).allMatch(e -> e.loadId().startsWith(ids));
        sum += own.size();
        union.addAll(own);
        JsonNode row = report.path("injectors").get(i);
        assertThat(row.path("state").asText()).isEqualTo("finished");
        assertThat(whole(row, "sent")).isEqualTo(own.size());
        // The link to the injector's own Gatling report leads to it.
        assertThat(run.mergedDir().resolve(row.path("gatlingReport").asText())).isRegularFile();
      }
      assertThat(whole(report, "counts", "sent")).isEqualTo(sum);
      assertThat(whole(report, "counts", "missing")).isZero();
      // The report's p99 is the union's: computed over every request, not per injector.
      // Written as a JSON number with a fraction (141.0); the union's p99 is whole milliseconds.
      assertThat(number(report, "http", "latency", "p99"))
          .isEqualTo((double) HttpFigures.of(union).latency().p99());
      assertThat(Files.readString(run.mergedDir().resolve("verification.html")))
          .contains("<h2>Injectors</h2>");
      // One row in the run index, as a run of its own, whose figures are the merged ones.
      assertThat(Files.readString(REPORTS.resolve("index.html")))
          .contains(run.runTag() + "/verification.html");
      assertThat(run.mergedDir().resolve("results.json")).isRegularFile();
    }
  }

  @Test
  void anInjectorKilledMidRunLeavesItsRequestsUnansweredNotMissingAndIsNamed() throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(MACHINE_ALLOWANCE);
    settings.putAll(Map.of("smoke.rate", "10", "smoke.rampDuration", "1s", "smoke.duration", "8s"));
    try (LocalInjectors run =
        LocalInjectors.start(
            new LocalInjectors.Plan("smoke", 2, REPORTS, settings, LIGHT_JVM, false, BARRIER))) {
      Path victim = run.mergedDir().resolve("injector-1");
      awaitSent(victim, 40, Duration.ofSeconds(90)); // 20 requests: some 4 s into its share
      // The engine held still for a moment, so that requests are in flight when the injector dies.
      ProcessHandle engine = run.engine().handle();
      try (HeldProcess held =
          HeldProcess.stop(engine, ProcessSignals.Expected.ENGINE, Duration.ofSeconds(45))) {
        Thread.sleep(1_500);
        run.injector(1).destroyForcibly(); // SIGKILL: no shutdown hook, no finish mark
        assertThat(run.injector(1).waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
      List<Integer> exits = run.await(Duration.ofMinutes(2));
      int code = run.verifyMerged();

      assertThat(exits.get(0)).as("the survivor's exit code").isZero();
      assertThat(exits.get(1)).as("the killed injector's exit code").isEqualTo(128 + 9);
      long unanswered = ledgerOf(victim).entries().stream().filter(e -> !e.answered()).count();
      assertThat(unanswered).as("requests in flight when it died").isPositive();
      JsonNode report = verification(run.mergedDir());
      assertThat(code).as("a partial merge never passes").isEqualTo(2);
      assertThat(report.path("outcome").asText()).isEqualTo("unknown");
      assertThat(report.path("reason").asText()).contains("injector 1 died while sending");
      assertThat(whole(report, "counts", "unanswered")).isEqualTo(unanswered);
      assertThat(whole(report, "counts", "missing")).isZero();
      assertThat(report.path("injectors").get(1).path("state").asText()).isEqualTo("died");
      assertThat(report.path("injectors").get(0).path("state").asText()).isEqualTo("finished");
      assertThat(Files.readString(run.mergedDir().resolve("verification.html")))
          .contains("injector 1 died while sending");
    }
  }

  private static JsonNode verification(Path dir) throws IOException {
    return new ObjectMapper().readTree(dir.resolve("verification.json").toFile());
  }

  private static LedgerReader.Ledger ledgerOf(Path injector) throws IOException {
    return LedgerReader.read(runFolder(injector).orElseThrow().resolve(LoadLedger.FILE_NAME));
  }

  private static Optional<Path> runFolder(Path injector) throws IOException {
    if (!Files.isDirectory(injector)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(injector)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(LoadLedger.FILE_NAME))).findFirst();
    }
  }

  /** Until the injector's ledger holds {@code lines} lines, at most {@code timeout}. */
  private static void awaitSent(Path injector, int lines, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Path> run = runFolder(injector);
      if (run.isPresent()) {
        try (Stream<String> l = Files.lines(run.get().resolve(LoadLedger.FILE_NAME))) {
          if (l.count() >= lines) {
            return;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("injector's ledger did not reach " + lines + " lines in " + timeout);
  }
}
