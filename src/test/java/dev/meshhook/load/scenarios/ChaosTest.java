package dev.meshhook.load.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.harness.DatabaseFaults;
import dev.meshhook.load.harness.ProcessSignals;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.verification.Verification;
import dev.meshhook.load.verification.VerificationReport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosTest {
  @TempDir Path folder;

  private static ChaosShape shape(
      int engineKills, int connectionKills, int postgresRestarts, int poolExhaustions) {
    return shape(Duration.ofSeconds(60), engineKills, connectionKills, postgresRestarts, 0, 0);
  }

  private static ChaosShape shape(
      Duration duration,
      int engineKills,
      int connectionKills,
      int postgresRestarts,
      int poolExhaustions,
      int manualEdits) {
    Duration s3 = Duration.ofSeconds(3);
    return new ChaosShape(
        10,
        Duration.ZERO,
        duration,
        engineKills,
        Duration.ZERO,
        connectionKills,
        postgresRestarts,
        poolExhaustions,
        s3,
        manualEdits,
        s3,
        30,
        new SuiteConfig.Thresholds(2000, 5000, 1, 90));
  }

  @Test
  void kindsTakeTurnsUntilEachCountIsSpent() {
    assertThat(Chaos.plan(shape(2, 1, 3, 0)))
        .containsExactly(
            Chaos.Kind.ENGINE_KILL,
            Chaos.Kind.CONNECTION_KILL,
            Chaos.Kind.POSTGRES_RESTART,
            Chaos.Kind.ENGINE_KILL,
            Chaos.Kind.POSTGRES_RESTART,
            Chaos.Kind.POSTGRES_RESTART);
    assertThat(Chaos.plan(shape(2, 1, 3, 0), true))
        .as("with replicas, the engine kills are replica kills")
        .containsExactly(
            Chaos.Kind.CONNECTION_KILL,
            Chaos.Kind.POSTGRES_RESTART,
            Chaos.Kind.REPLICA_KILL,
            Chaos.Kind.POSTGRES_RESTART,
            Chaos.Kind.REPLICA_KILL,
            Chaos.Kind.POSTGRES_RESTART);
  }

  @Test
  void noFaultsMeansAnEmptySchedule() {
    assertThat(Chaos.plan(shape(0, 0, 0, 0))).isEmpty();
  }

  /**
   * Real faults that cannot be injected: a kill -9 of an engine that is gone, a PostgreSQL restart
   * whose postmaster.pid names a live process that is not that directory's server, and a connection
   * kill and manual edits on a database that is not there. Each is logged with its error, nothing
   * is signalled, and the verdict is unknown naming each, on the console line and in
   * verification.json.
   */
  @Test
  void aFaultThatCannotBeInjectedIsNamedWithItsErrorAndTheVerdictIsUnknown() throws Exception {
    Process bystander = new ProcessBuilder("sleep", "30").start();
    Process engine = new ProcessBuilder("sleep", "31").start();
    ProcessHandle gone = engine.toHandle();
    engine.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    try {
      Path dataDir = Files.createDirectories(folder.resolve("pgdata"));
      Files.writeString(dataDir.resolve("postmaster.pid"), bystander.pid() + "\n" + dataDir + "\n");
      DatabaseFaults database = new DatabaseFaults(closedDatabase(), dataDir);
      Chaos chaos =
          Chaos.over(
              shape(Duration.ofSeconds(60), 1, 1, 1, 0, 2),
              folder,
              new Chaos.Faults() {
                @Override
                public boolean possible() {
                  return true;
                }

                @Override
                public String strike(Chaos.Kind kind) throws Exception {
                  return switch (kind) {
                    case ENGINE_KILL -> {
                      ProcessSignals.Expected sleep = new ProcessSignals.Expected("sleep", "31");
                      ProcessSignals.send(gone, sleep, ProcessSignals.Signal.KILL);
                      yield "killed";
                    }
                    case CONNECTION_KILL -> database.terminateEngineConnections();
                    case POSTGRES_RESTART -> database.restartPostgres(Duration.ZERO);
                    case POOL_EXHAUSTION, REPLICA_KILL -> throw new AssertionError("not planned");
                  };
                }

                @Override
                public List<String> editRuns(int count) throws Exception {
                  return database.editRuns("tag9-", count);
                }
              });

      chaos.begin().forEach(chaos::strikeOne);
      chaos.manualEdits();

      assertThat(bystander.isAlive())
          .as("the process the pid file named was not signalled")
          .isTrue();
      FaultLog.Contents log = FaultLog.readAll(folder);
      assertThat(log.injected()).isEmpty();
      List<String> why = log.notInjected();
      assertThat(why)
          .hasSize(4)
          .satisfiesExactly(
              w ->
                  assertThat(w)
                      .startsWith("planned fault engine-kill could not be injected:")
                      .contains("refusing to signal pid " + gone.pid())
                      .contains("no such process is running"),
              w ->
                  assertThat(w)
                      .startsWith("planned fault connection-kill could not be injected: PSQL"),
              w ->
                  assertThat(w)
                      .startsWith(
                          "planned fault postgres-restart could not be injected:"
                              + " IllegalArgumentException: "
                              + dataDir.resolve("postmaster.pid")
                              + ": refusing to signal pid "
                              + bystander.pid())
                      .contains("not postgres"),
              w -> assertThat(w).startsWith("planned fault manual-edit could not be injected: "));

      try (LoadLedger ledger = LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), "tag9")) {
        ledger.sent("tag9-i-1", "order-created", 1000, 202);
        ledger.answered("tag9-i-1", 202, 1010, null);
      }
      Verdict verdict =
          Verification.run(
                  folder,
                  new HistoryReader(closedDatabase(), "nobody", ""),
                  new SuiteConfig.Verify(Duration.ofSeconds(1), 10, SuiteConfig.Allowed.NONE),
                  new Verification.Profile(
                      "ChaosTest", "nowhere", new SuiteConfig.Thresholds(2000, 5000, 1, 90), 0.2))
              .verdict();
      assertThat(verdict.outcome()).isEqualTo(Outcome.UNKNOWN);
      String json =
          new ObjectMapper()
              .readTree(folder.resolve(VerificationReport.JSON).toFile())
              .path("reason")
              .asText();
      for (String w : why) {
        assertThat(VerificationReport.summary(verdict)).as("console").contains(w);
        assertThat(json).as("verification.json").contains(w);
      }
    } finally {
      bystander.destroyForcibly();
    }
  }

  @Test
  void faultsWithNoRoomLeftToRecoverAreLoggedAsNotInjected() {
    // 6 s of steady load: the first fault's turn (2 s in) leaves less than the 5 s recovery room.
    Chaos chaos = Chaos.over(shape(Duration.ofSeconds(6), 0, 1, 0, 1, 0), folder, struckNever());
    chaos.strike(chaos.begin(), System.currentTimeMillis());
    assertThat(FaultLog.readAll(folder).notInjected())
        .containsExactly(
            "planned fault connection-kill could not be injected: no room was left in the steady"
                + " phase to recover under load",
            "planned fault pool-exhaustion could not be injected: no room was left in the steady"
                + " phase to recover under load");
  }

  @Test
  void againstADeploymentEveryPlannedFaultIsNamedAsNotInjected() {
    Chaos chaos =
        Chaos.over(
            shape(Duration.ofSeconds(60), 1, 0, 0, 0, 3),
            folder,
            new Chaos.Faults() {
              @Override
              public boolean possible() {
                return false;
              }

              @Override
              public String strike(Chaos.Kind kind) {
                throw new AssertionError("struck on a deployment");
              }

              @Override
              public List<String> editRuns(int count) {
                throw new AssertionError("edited on a deployment");
              }
            });
    chaos.begin();
    chaos.manualEdits();
    assertThat(FaultLog.readAll(folder).notInjected())
        .containsExactly(
            "planned fault engine-kill could not be injected: a deployment gives no control of the"
                + " engine and database processes",
            "planned fault manual-edit could not be injected: a deployment gives no control of the"
                + " engine and database processes");
  }

  @Test
  void thePlanIsComparedWithWhatStruck() {
    Chaos chaos = Chaos.over(shape(Duration.ofSeconds(60), 2, 0, 0, 0, 0), folder, struckAlways());
    List<Chaos.Kind> plan = chaos.begin();
    chaos.strikeOne(plan.get(0));
    assertThat(FaultLog.readAll(folder).notInjected())
        .singleElement()
        .asString()
        .startsWith("1 of 2 planned engine-kill faults left no record");
    chaos.strikeOne(plan.get(1));
    assertThat(FaultLog.readAll(folder).notInjected()).isEmpty();
    assertThat(FaultLog.read(folder)).hasSize(2);
  }

  private static Chaos.Faults struckAlways() {
    return new Chaos.Faults() {
      @Override
      public boolean possible() {
        return true;
      }

      @Override
      public String strike(Chaos.Kind kind) {
        return "struck";
      }

      @Override
      public List<String> editRuns(int count) {
        return List.of();
      }
    };
  }

  private static Chaos.Faults struckNever() {
    return new Chaos.Faults() {
      @Override
      public boolean possible() {
        return true;
      }

      @Override
      public String strike(Chaos.Kind kind) {
        throw new AssertionError("no room was left for " + kind);
      }

      @Override
      public List<String> editRuns(int count) {
        return List.of();
      }
    };
  }

  private static String closedDatabase() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    return "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres?user=nobody";
  }
}
