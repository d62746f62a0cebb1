package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.ReExecutions;
import dev.meshhook.load.checker.Replay;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.harness.EngineUnderTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual state edits behind the engine's back, on the real engine's database: each edited run is
 * caught by replaying its events, named with the field and both values, and no other run is.
 */
@Tag("side-by-side")
class ReplayIT {
  private static final SuiteConfig.Allowed NONE = SuiteConfig.Allowed.NONE;

  /** What re-executing a user-signup run whose every event comes twice finds. */
  private static final List<String> DOUBLED =
      List.of("re-executed step order: recorded 'welcome', re-executed the end");

  @TempDir Path folder;

  @Test
  void exactlyTheEditedRunsFailReplayEachNamed() throws Exception {
    try (EngineUnderTest engine = EngineUnderTest.start(FaultMode.NONE, 10)) {
      engine.send(folder, 30, 0);
      HistoryReader history = engine.checkerHistory();
      engine.awaitDrain(30, Duration.ofSeconds(30));
      assertThat(Replay.check(history, engine.loadIdPrefix()))
          .as("an untouched run replays to its row")
          .isEmpty();

      List<String> edited = new ArrayList<>();
      try (Connection owner = DriverManager.getConnection(engine.ownerJdbcUrl());
          Statement st = owner.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT r.id, e.payload -> 'headers' ->> 'x-meshhook-load-id' FROM workflow_runs r"
                      + " JOIN workflow_events e ON e.run_id = r.id AND e.type = 'run_created'"
                      + " WHERE r.status = 'succeeded' ORDER BY r.started_at LIMIT 3")) {
        List<Object> ids = new ArrayList<>();
        while (rs.next()) {
          ids.add(rs.getObject(1));
          edited.add(rs.getString(2));
        }
        try (PreparedStatement ps =
            owner.prepareStatement("UPDATE workflow_runs SET status = 'failed' WHERE id = ?")) {
          for (Object id : ids) {
            ps.setObject(1, id);
            ps.executeUpdate();
          }
        }
      }
      assertThat(edited).hasSize(3);

      Verdict verdict =
          Verification.run(
                  folder,
                  history,
                  new SuiteConfig.Verify(Duration.ofSeconds(3), 10, NONE),
                  new Verification.Profile(
                      "ReplayIT",
                      engine.baseUrl(),
                      new SuiteConfig.Thresholds(2000, 5000, 1, 90),
                      0.2))
              .verdict();
      assertThat(verdict.counts().replay()).isEqualTo(3);
      assertThat(verdict.findings().get(Anomaly.REPLAY).examples())
          .hasSize(3)
          .allSatisfy(e -> assertThat(e).contains("status stored failed, replayed succeeded"))
          .allSatisfy(e -> assertThat(edited).anySatisfy(id -> assertThat(e).startsWith(id + " ")));
      assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    }
  }

  @Test
  void everyRunTheEngineFinishedReExecutesAndATamperedStepOutputIsNamed() throws Exception {
    try (EngineUnderTest engine = EngineUnderTest.start(FaultMode.NONE, 10)) {
      engine.send(folder, 40, 0);
      HistoryReader history = engine.checkerHistory();
      engine.awaitDrain(40, Duration.ofSeconds(30));
      // Transforms, branches, http calls and delays of the seeded workflows, run for real.
      assertThat(ReExecutions.check(history, engine.loadIdPrefix()))
          .as("what the engine recorded, its definitions reproduce")
          .isEmpty();

      String tampered;
      try (Connection owner = DriverManager.getConnection(engine.ownerJdbcUrl());
          Statement st = owner.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "UPDATE workflow_events SET payload = jsonb_set(payload, '{set}', '{\"tampered\": 1}') WHERE id = ("
                      + " SELECT min(id) FROM workflow_events WHERE type = 'step_succeeded' AND payload ->> 'type' = 'transform')"
                      + " RETURNING (SELECT payload -> 'headers' ->> 'x-meshhook-load-id' FROM workflow_events c"
                      + " WHERE c.run_id = workflow_events.run_id AND c.type = 'run_created'), payload ->> 'id'")) {
        assertThat(rs.next()).as("a transform step to tamper with").isTrue();
        tampered = rs.getString(1) + " step " + rs.getString(2);
      }

      List<Replay.Mismatch> found = ReExecutions.check(history, engine.loadIdPrefix());
      assertThat(found)
          .as(tampered)
          .singleElement()
          .satisfies(
              m -> {
                assertThat(tampered).startsWith(m.loadId() + " step ");
                String step = tampered.substring(tampered.indexOf(" step ") + 6);
                assertThat(m.differences())
                    .first()
                    .asString()
                    .startsWith(
                        "re-executed " + step + " set: recorded {\"tampered\":1}, re-executed {");
              });
      // The row still agrees with the fold: only re-executing the definition sees a changed output.
      assertThat(Replay.check(history, engine.loadIdPrefix())).isEmpty();
      Verdict verdict =
          Verification.run(
                  folder,
                  history,
                  new SuiteConfig.Verify(Duration.ofSeconds(3), 10, NONE),
                  new Verification.Profile(
                      "ReplayIT",
                      engine.baseUrl(),
                      new SuiteConfig.Thresholds(2000, 5000, 1, 90),
                      0.2))
              .verdict();
      assertThat(verdict.counts().replay()).isEqualTo(1);
      assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);

      // A run whose creation was written twice: each run_created event of the tag gives it a row,
      // and re-execution has always seen each of its events once per row, so twice. Pinned, so
      // that reading the rows apart from the events (issue 28) keeps what it judges.
      String doubled;
      try (Connection owner = DriverManager.getConnection(engine.ownerJdbcUrl());
          PreparedStatement ps =
              owner.prepareStatement(
                  "INSERT INTO workflow_events (run_id, ts, type, payload)"
                      + " SELECT e.run_id, e.ts, e.type, e.payload FROM workflow_events e"
                      + " JOIN workflow_runs r ON r.id = e.run_id"
                      + " JOIN workflow_definitions d ON d.id = r.workflow_id"
                      + " WHERE e.type = 'run_created' AND d.slug = 'user-signup'"
                      + " AND r.status = 'succeeded'"
                      + " AND e.payload -> 'headers' ->> 'x-meshhook-load-id' <> ?"
                      + " ORDER BY e.id LIMIT 1"
                      + " RETURNING payload -> 'headers' ->> 'x-meshhook-load-id'")) {
        ps.setString(1, found.get(0).loadId()); // another run than the tampered one
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).as("a user-signup run to create twice").isTrue();
          doubled = rs.getString(1);
        }
      }
      List<Replay.Mismatch> twice = ReExecutions.check(history, engine.loadIdPrefix());
      assertThat(twice)
          .extracting(Replay.Mismatch::loadId)
          .containsExactlyInAnyOrder(found.get(0).loadId(), doubled);
      assertThat(twice)
          .filteredOn(m -> m.loadId().equals(doubled))
          .singleElement()
          .extracting(Replay.Mismatch::differences)
          .isEqualTo(DOUBLED);
    }
  }
}
