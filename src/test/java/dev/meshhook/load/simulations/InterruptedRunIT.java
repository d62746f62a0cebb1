package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.harness.ProcessSignals;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.testing.GatlingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run cut short mid-load, politely (SIGTERM, what Ctrl-C amounts to) or not (kill -9), leaves no
 * engine and no PostgreSQL behind, and keeps the ledger of what it had sent.
 */
@Tag("side-by-side")
class InterruptedRunIT {
  @TempDir Path reports;

  @ParameterizedTest(name = "forcibly = {0}")
  @ValueSource(booleans = {false, true})
  void anInterruptedRunLeavesNothingRunningAndKeepsItsLedger(boolean forcibly) throws Exception {
    Path log = Files.createTempFile("interrupted", ".log");
    Process gatling =
        GatlingRun.start(
            SmokeSimulation.class, reports, log, "smoke.rampDuration=1s", "smoke.duration=55s");
    Path engineHome = null;
    try {
      Path ledger = awaitLedgerLines(gatling, 20);
      JsonNode run = new ObjectMapper().readTree(ledger.resolveSibling("run.json").toFile());
      engineHome = Path.of(run.path("engineDataDir").asText()).getParent();
      long enginePid =
          new ObjectMapper()
              .readTree(engineHome.resolve("ready.json").toFile())
              .path("pid")
              .asLong();
      long postgresPid =
          Long.parseLong(
              Files.readAllLines(engineHome.resolve("pgdata/postmaster.pid")).get(0).trim());
      // Checked to be the engine JVM and a postgres server, alive: a stale or misread pid fails
      // here.
      ProcessHandle engine = ProcessSignals.verified(enginePid, ProcessSignals.Expected.ENGINE);
      ProcessHandle postgres =
          ProcessSignals.verified(
              postgresPid, ProcessSignals.Expected.postgres(engineHome.resolve("pgdata")));

      if (forcibly) {
        gatling.destroyForcibly(); // no hook runs: the engine must notice its parent is gone
      } else {
        gatling.destroy();
      }
      assertThat(gatling.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(ProcessSignals.awaitExit(engine, 60)).as("engine process stopped").isTrue();
      assertThat(ProcessSignals.awaitExit(postgres, 60)).as("engine PostgreSQL stopped").isTrue();
      // more than 20 lines were written before the kill: a send and an answer line per request
      assertThat(LedgerReader.read(ledger).entries()).hasSizeGreaterThanOrEqualTo(10);
    } finally {
      gatling.descendants().forEach(ProcessHandle::destroyForcibly);
      gatling.destroyForcibly();
      if (engineHome != null) {
        // The engine killed above runs no hook: a PostgreSQL it left is stopped here, checked, not
        // by pid.
        EngineProcess.killPostgres(engineHome.resolve("pgdata"));
      }
      Files.deleteIfExists(log);
    }
  }

  private Path awaitLedgerLines(Process gatling, int lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && gatling.isAlive()) {
      Optional<Path> folder = GatlingRun.newestFolder(reports);
      if (folder.isPresent()
          && Files.exists(folder.get().resolve("ledger"))
          && Files.exists(folder.get().resolve("run.json"))
          && Files.readAllLines(folder.get().resolve("ledger")).size() > lines) {
        return folder.get().resolve("ledger");
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no ledger with " + lines + " lines appeared (Gatling alive: " + gatling.isAlive() + ")");
  }
}
