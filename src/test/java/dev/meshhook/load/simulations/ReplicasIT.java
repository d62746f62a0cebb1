package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.engine.store.EngineDatabase;
import dev.meshhook.load.evidence.ResourceSampler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engine processes on one embedded database ({@code engine.replicas=2}): the suite spreads the
 * webhooks over both, both take webhooks and both finish runs from the one queue, and the checker
 * still finds every accepted webhook became exactly one run.
 */
@Tag("side-by-side")
class ReplicasIT {
  @TempDir Path reports;

  @Test
  void bothReplicasTakeWebhooksAndFinishRunsAndNothingIsLostOrDoubled() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            SmokeSimulation.class,
            reports,
            "engine.replicas=2",
            "smoke.rampDuration=1s",
            "smoke.duration=6s",
            "verify.drainTimeout=10s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("engine: replica 1 pid ").contains("verification: PASS");
    Path folder = result.folder().orElseThrow();
    JsonNode verification =
        new ObjectMapper().readTree(folder.resolve("verification.json").toFile());
    JsonNode counts = verification.path("counts");
    assertThat(counts.path("accepted").asLong())
        .isPositive()
        .isEqualTo(counts.path("completed").asLong());
    for (JsonNode anomaly : verification.path("anomalies")) {
      assertThat(anomaly.path("count").asLong()).as(anomaly.path("name").asText()).isZero();
    }

    // Each replica's own /metrics, as sampled during the run: both answered and both finished runs.
    List<ResourceSampler.ReplicaSample> samples = ResourceSampler.readReplicas(folder);
    for (int replica = 0; replica < 2; replica++) {
      int r = replica;
      List<ResourceSampler.ReplicaSample> own =
          samples.stream().filter(s -> s.replica() == r).toList();
      assertThat(own).as("samples of replica " + r).isNotEmpty();
      ResourceSampler.ReplicaSample last = own.get(own.size() - 1);
      assertThat(last.answered()).as("webhooks answered by replica " + r).isPositive();
      assertThat(last.runsFinished()).as("runs finished by replica " + r).isPositive();
    }
    // The summed resources count both replicas' workers.
    List<ResourceSampler.Sample> resources = ResourceSampler.read(folder);
    assertThat(resources.get(resources.size() - 1).workers()).isEqualTo(16);
    GatlingRun.assertNothingLeftRunning(folder);
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
