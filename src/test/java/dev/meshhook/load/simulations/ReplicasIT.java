package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.engine.store.EngineDatabase;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engine processes on one embedded database ({@code engine.replicas=2}): the suite spreads the
 * webhooks over both, both take webhooks and finish runs from the one queue, one killed mid-run has
 * its runs finished by the other; and workers that break exactly-once are caught run by run.
 */
@Tag("side-by-side")
class ReplicasIT {
  @TempDir Path reports;

  /**
   * Two replicas on one database, the webhooks spread over both, then the second killed with -9
   * mid-run and left dead: both took webhooks and finished runs, the first takes over the runs the
   * killed one held (when their 3 s leases run out), and nothing accepted is lost, doubled or
   * stuck. Which process started each step is in its step_started event, so the runs the killed
   * replica held are read from the database, not assumed.
   */
  @Test
  void theRunsOfAKilledReplicaAreFinishedByTheOther() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            ChaosSimulation.class,
            reports,
            "quick=true",
            "engine.replicas=2",
            // Calls of 400 ms: the killed replica holds runs in flight when it dies.
            "feeder.workflows=workflows-slow-calls.csv",
            "chaos.quick.rampDuration=2s",
            "chaos.quick.duration=16s",
            "chaos.quick.engineKills=1",
            "chaos.quick.connectionKills=0",
            "chaos.quick.postgresRestarts=0",
            "chaos.quick.poolExhaustions=0");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "chaossimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    for (String verdict :
        List.of("failed", "missing", "duplicated", "stuck", "orphan", "eventLog", "replay")) {
      assertThat(v.count(verdict)).as(verdict).isZero();
    }
    assertThat(v.count("completed")).isEqualTo(v.count("accepted") + v.count("unansweredRan"));
    Path folder = result.folder().orElseThrow();
    List<FaultLog.Fault> faults = FaultLog.read(folder);
    assertThat(faults).hasSize(1);
    FaultLog.Fault kill = faults.get(0);
    // Both replicas' pids are on the chaos timeline: the one killed and the one that went on.
    Matcher pids =
        Pattern.compile(
                "engine replica 1 pid (\\d+) killed with -9, not restarted; replica 0 pid (\\d+)"
                    + " go on")
            .matcher(kill.detail());
    assertThat(pids.matches()).as(kill.detail()).isTrue();
    long killed = Long.parseLong(pids.group(1));
    long survivor = Long.parseLong(pids.group(2));
    assertThat(killed).isNotEqualTo(survivor);

    // From the moment it was dead (the fault ends once the process has exited): in the few ms
    // before, the replica still finished runs of its own.
    List<HeldRun> held = heldAtTheKill(folder, killed, survivor, kill.endEpochMs());
    assertThat(held).as("runs the killed replica had started and not finished").isNotEmpty();
    for (HeldRun run : held) {
      assertThat(run.status()).as(run.id()).isEqualTo("succeeded");
      assertThat(run.takenOver()).as(run.id() + ": a step started by the other replica").isTrue();
    }
    // Each replica's own /metrics, as sampled during the run: both answered and both finished
    // runs, the killed one before it died.
    List<ResourceSampler.ReplicaSample> samples = ResourceSampler.readReplicas(folder);
    for (int replica = 0; replica < 2; replica++) {
      int r = replica;
      List<ResourceSampler.ReplicaSample> own =
          samples.stream().filter(s -> s.replica() == r).toList();
      assertThat(own.stream().mapToDouble(ResourceSampler.ReplicaSample::answered).max().orElse(0))
          .as("webhooks answered by replica " + r)
          .isPositive();
      assertThat(
              own.stream().mapToDouble(ResourceSampler.ReplicaSample::runsFinished).max().orElse(0))
          .as("runs finished by replica " + r)
          .isPositive();
    }
    // The summed resources counted both replicas' workers while both were up.
    assertThat(ResourceSampler.read(folder)).anyMatch(s -> s.workers() == 16);

    // Which replica each webhook went to is in the ledger, from Gatling's own round robin: every
    // webhook to one of the two, about half each; after the kill, replica 1's were refused.
    List<LedgerEntry> ledger = LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries();
    assertThat(ledger).allMatch(e -> e.replica() == 0 || e.replica() == 1);
    long toFirst = ledger.stream().filter(e -> e.replica() == 0).count();
    assertThat(toFirst).isBetween(ledger.size() * 4L / 10, ledger.size() * 6L / 10);
    List<LedgerEntry> afterKill =
        ledger.stream().filter(e -> e.sentEpochMs() >= kill.endEpochMs()).toList();
    assertThat(afterKill)
        .filteredOn(e -> e.replica() == 1)
        .isNotEmpty()
        .noneMatch(LedgerEntry::answered);
    assertThat(afterKill).filteredOn(e -> e.replica() == 0).allMatch(LedgerEntry::accepted);
    // Availability is judged on the replica alive: the dead one's refusals are left out of the
    // seconds (counted apart), and each survivor's recovery is its own.
    JsonNode availability = v.root().path("availability");
    assertThat(availability.path("toDeadReplicas").asLong())
        .isGreaterThanOrEqualTo(afterKill.stream().filter(e -> e.replica() == 1).count());
    assertThat(v.value("availability")).isEqualTo(100);
    assertThat(v.value("fault 1 replica-kill recovery of replica 0"))
        .isBetween(0.0, (double) v.value("fault 1 replica-kill recovery"));
    GatlingRun.assertNothingLeftRunning(folder);
  }

  private record HeldRun(String id, String status, boolean takenOver) {}

  /**
   * The runs of this load in which the killed replica started a step and which ended after it was
   * killed: it held them when it died. Read as the database owner from the kept data directory.
   */
  private static List<HeldRun> heldAtTheKill(
      Path folder, long killedPid, long survivorPid, long deadAtEpochMs) throws Exception {
    JsonNode run = new ObjectMapper().readTree(folder.resolve("run.json").toFile());
    List<HeldRun> held = new ArrayList<>();
    try (EmbeddedPostgres postgres =
            EngineDatabase.startPostgres(Path.of(run.path("engineDataDir").asText()));
        Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
                WITH tagged AS (
                  SELECT run_id FROM workflow_events
                  WHERE type = 'run_created'
                    AND starts_with(payload -> 'headers' ->> 'x-meshhook-load-id', ?)),
                started AS (
                  SELECT s.run_id, bool_or((s.payload ->> 'enginePid')::bigint = ?) AS by_killed,
                         bool_or((s.payload ->> 'enginePid')::bigint = ?) AS by_survivor
                  FROM workflow_events s JOIN tagged USING (run_id)
                  WHERE s.type = 'step_started' GROUP BY s.run_id)
                SELECT r.id::text, r.status, st.by_survivor
                FROM started st JOIN workflow_runs r ON r.id = st.run_id
                WHERE st.by_killed
                  AND (r.finished_at IS NULL OR r.finished_at > to_timestamp(? / 1000.0))""")) {
      ps.setString(1, run.path("runTag").asText());
      ps.setLong(2, killedPid);
      ps.setLong(3, survivorPid);
      ps.setLong(4, deadAtEpochMs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          held.add(new HeldRun(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
        }
      }
    }
    return held;
  }

  /**
   * Workers that claim without SKIP LOCKED and ignore the lease take runs whose call is in flight
   * from the other replica: the build fails on replay findings, every run named has a step that
   * succeeded twice in the database, and the count is exactly the database's.
   */
  @Test
  void claimsWithoutSkipLockedDoubleStepsAndTheCheckerNamesEveryOne() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            SmokeSimulation.class,
            reports,
            "engine.replicas=2",
            "engine.fault=no-skip-locked",
            // A worker that loses a run to a deadlock leaves it to its lease: 30 s by default,
            // longer than the drain.
            "engine.leaseDuration=3s",
            "smoke.rate=30",
            "smoke.rampDuration=1s",
            "smoke.duration=8s",
            "verify.drainTimeout=20s");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    VerificationJson v = VerificationJson.of(result, "smokesimulation-");
    assertThat(v.outcome()).isEqualTo("fail");
    long replay = v.count("replay");
    assertThat(replay).as("runs whose steps the checker found doubled").isPositive();
    for (JsonNode anomaly : v.root().path("anomalies")) {
      String name = anomaly.path("name").asText();
      if (!name.equals("replay")) {
        assertThat(anomaly.path("count").asLong()).as(name).isZero();
      }
    }
    Path folder = result.folder().orElseThrow();
    Set<String> doubled = doubledInTheDatabase(folder);
    assertThat(doubled)
        .as("runs with a step succeeded twice, counted in SQL")
        .hasSize((int) replay);
    for (JsonNode anomaly : v.root().path("anomalies")) {
      if (anomaly.path("name").asText().equals("replay")) {
        assertThat(anomaly.path("examples")).isNotEmpty();
        for (JsonNode example : anomaly.path("examples")) {
          String loadId = example.asText().substring(0, example.asText().indexOf(' '));
          assertThat(doubled).as(example.asText()).contains(loadId);
          assertThat(example.asText()).contains("completed twice in one attempt");
        }
      }
    }
    GatlingRun.assertNothingLeftRunning(folder);
  }

  /** The load ids of the run's runs in which one step succeeded more than once, read by SQL. */
  private static Set<String> doubledInTheDatabase(Path folder) throws Exception {
    JsonNode run = new ObjectMapper().readTree(folder.resolve("run.json").toFile());
    Path dataDir = Path.of(run.path("engineDataDir").asText());
    Set<String> loadIds = new TreeSet<>();
    try (EmbeddedPostgres postgres = EngineDatabase.startPostgres(dataDir);
        Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
                WITH tagged AS (
                  SELECT run_id, payload -> 'headers' ->> 'x-meshhook-load-id' AS load_id
                  FROM workflow_events
                  WHERE type = 'run_created'
                    AND starts_with(payload -> 'headers' ->> 'x-meshhook-load-id', ?))
                SELECT DISTINCT t.load_id FROM tagged t
                JOIN workflow_events s ON s.run_id = t.run_id AND s.type = 'step_succeeded'
                GROUP BY t.load_id, s.payload ->> 'step' HAVING count(*) > 1""")) {
      ps.setString(1, run.path("runTag").asText());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          loadIds.add(rs.getString(1));
        }
      }
    }
    return loadIds;
  }
}
