package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.Counts;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.harness.DatabaseFaults;
import dev.meshhook.load.harness.DatabaseFaults.RunEdit;
import dev.meshhook.load.harness.EngineUnderTest;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.scenarios.Chaos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdicts no engine fault mode makes, made for real on the engine's database: a webhook of
 * this run's tag sent outside the ledger ({@code unexpected}), and three runs edited behind the
 * engine's back, each breaking the event-log contract its own way. The checker must name each one,
 * exactly.
 */
@Tag("side-by-side")
class CheckerEditsIT {
  private static final int SENT = 12;
  private static final SuiteConfig.Allowed NONE = SuiteConfig.Allowed.NONE;
  private static final Verification.Profile PROFILE =
      new Verification.Profile(
          "CheckerEditsIT", "embedded", new SuiteConfig.Thresholds(2000, 5000, 1, 90), 0.2);

  @TempDir Path folder;

  @Test
  void anOutsideWebhookAndThreeEditedRunsAreEachCaught() throws Exception {
    try (EngineUnderTest engine = EngineUnderTest.start(FaultMode.NONE, 10)) {
      engine.send(folder, SENT, 0);
      String outside = engine.loadIdPrefix() + "outside-1";
      assertThat(engine.webhook("user-signup", "{\"userId\":\"u9\"}", outside).statusCode())
          .isEqualTo(202);
      engine.awaitDrain(SENT + 1, Duration.ofSeconds(60));

      List<String> ids =
          LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries().stream()
              .map(LedgerEntry::loadId)
              .toList();
      DatabaseFaults database = new DatabaseFaults(engine.ownerJdbcUrl(), engine.dataDir());
      assertThat(database.editRun(ids.get(0), RunEdit.OTHER_TENANT)).isTrue();
      assertThat(database.editRun(ids.get(1), RunEdit.NO_FINISHED_AT)).isTrue();
      assertThat(database.editRun(ids.get(2), RunEdit.BACK_TO_RUNNING)).isTrue();

      Verdict verdict = verify(engine, folder, NONE).verdict();
      Counts c = verdict.counts();
      assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(c.sent()).isEqualTo(SENT);
      assertThat(c.accepted()).isEqualTo(SENT);
      assertThat(c.unexpected()).isEqualTo(1);
      assertThat(verdict.findings().get(Anomaly.UNEXPECTED).examples())
          .singleElement()
          .asString()
          .startsWith(outside + " (run ");
      // The run sent back to running is not terminal: stuck, and no longer completed.
      assertThat(c.stuck()).isEqualTo(1);
      assertThat(c.completed()).isEqualTo(SENT - 1);
      assertThat(c.eventLog()).isEqualTo(3);
      assertThat(verdict.findings().get(Anomaly.EVENT_LOG).examples())
          .containsExactlyInAnyOrder(
              eventLog(verdict, ids.get(0), "run belongs to tenant "),
              eventLog(verdict, ids.get(1), "terminal status without finished_at"),
              eventLog(verdict, ids.get(2), "status running but a terminal event was written"));
      // Folding the events disagrees with the two rows whose finish was edited; the tenant is not
      // the fold's to judge.
      assertThat(verdict.findings().get(Anomaly.REPLAY).examples())
          .extracting(e -> e.substring(0, e.indexOf(' ')))
          .containsExactlyInAnyOrder(ids.get(1), ids.get(2));
      assertThat(c.missing() + c.duplicated() + c.failed() + c.orphan()).isZero();

      // Allowed exactly as often as they occur, the same findings pass.
      SuiteConfig.Allowed exactly = new SuiteConfig.Allowed(0, 1, 0, 0, 0, 3, 1, 2, 0);
      Verdict allowed = verify(engine, folder, exactly).verdict();
      assertThat(allowed.outcome()).as(allowed.reason()).isEqualTo(Outcome.PASS);

      // The same run whose ledger has a line no writer of ours writes in its middle, and a last
      // line a crash cut short: the torn one is ignored, the malformed one makes it unknown.
      Path ledger = folder.resolve(LoadLedger.FILE_NAME);
      String whole = Files.readString(ledger, StandardCharsets.UTF_8);
      List<String> lines = Files.readAllLines(ledger, StandardCharsets.UTF_8);
      lines.add(5, "A\t" + ids.get(3) + "\t2O2\t1\t-\t-");
      Files.writeString(
          ledger, String.join("\n", lines) + "\nA\t" + ids.get(4) + "\t20", StandardCharsets.UTF_8);
      Verdict malformed = verify(engine, folder, exactly).verdict();
      assertThat(malformed.outcome()).isEqualTo(Outcome.UNKNOWN);
      assertThat(malformed.reason())
          .startsWith("the ledger has 1 malformed line (not a torn last line)")
          .contains("line 6 'A " + ids.get(3) + " 2O2 1 - -'")
          .doesNotContain("line " + (lines.size() + 1));
      assertThat(malformed.counts().sent()).isEqualTo(SENT);
      JsonNode json = new ObjectMapper().readTree(folder.resolve(VerificationReport.JSON).toFile());
      assertThat(json.path("outcome").asText()).isEqualTo("unknown");
      assertThat(json.path("reason").asText()).contains("1 malformed line");

      // The same run, its ledger whole again, after a chaos schedule whose manual edits could not
      // be made (the role it edits as may only read): a planned fault not injected proves nothing.
      Files.writeString(ledger, whole, StandardCharsets.UTF_8);
      DatabaseFaults readOnly =
          new DatabaseFaults(engine.jdbcUrlAs("meshhook_checker"), engine.dataDir());
      Chaos chaos = Chaos.over(manualEdits(3), folder, editsAs(readOnly, engine.loadIdPrefix()));
      chaos.start();
      chaos.manualEdits();
      chaos.stop();
      Verification.Result unsent = verify(engine, folder, exactly);
      String why = "planned fault manual-edit could not be injected: PSQLException: ";
      assertThat(unsent.verdict().outcome()).isEqualTo(Outcome.UNKNOWN);
      assertThat(unsent.verdict().reason())
          .startsWith(why)
          .contains("cannot execute UPDATE in a read-only transaction")
          .contains("before that the checker found: ");
      assertThat(VerificationReport.summary(unsent.verdict())).contains(" -> " + why);
      assertThat(
              new ObjectMapper()
                  .readTree(folder.resolve(VerificationReport.JSON).toFile())
                  .path("reason")
                  .asText())
          .startsWith(why);
      assertThat(unsent.verdict().counts().replay()).as("no run was edited").isEqualTo(2);

      // A run of its own in which the engine accepted nothing (every signature wrong): nothing
      // was there to judge, so it is unknown, never "PASS - 10 sent, 0 accepted".
      engine.newRunTag();
      Path refused = Files.createDirectories(folder.resolve("refused"));
      engine.send(refused, 10, 1);
      Verdict nothing = verify(engine, refused, NONE).verdict();
      assertThat(nothing.outcome()).isEqualTo(Outcome.UNKNOWN);
      assertThat(nothing.counts().rejected()).isEqualTo(10);
      String nothingWhy =
          "none of the 10 webhooks sent was accepted (0 meant to be; 10 rejected, 0 unanswered),"
              + " so no run could be verified";
      assertThat(nothing.reason()).isEqualTo(nothingWhy);
      JsonNode refusedJson =
          new ObjectMapper().readTree(refused.resolve(VerificationReport.JSON).toFile());
      assertThat(refusedJson.path("outcome").asText()).isEqualTo("unknown");
      assertThat(refusedJson.path("reason").asText()).isEqualTo(nothingWhy);
    }
  }

  /** The run in {@code folder} verified on {@code engine}, with {@code allowed} findings. */
  private static Verification.Result verify(
      EngineUnderTest engine, Path folder, SuiteConfig.Allowed allowed) {
    return Verification.run(
        folder,
        engine.checkerHistory(),
        new SuiteConfig.Verify(Duration.ofSeconds(1), 10, allowed),
        PROFILE);
  }

  /** A chaos run of manual edits only. */
  private static ChaosShape manualEdits(int count) {
    Duration s3 = Duration.ofSeconds(3);
    return new ChaosShape(
        10,
        Duration.ZERO,
        Duration.ofSeconds(10),
        0,
        s3,
        0,
        0,
        0,
        s3,
        count,
        s3,
        30,
        new SuiteConfig.Thresholds(2000, 5000, 1, 90));
  }

  /** Faults that are only manual edits, made through {@code database}. */
  private static Chaos.Faults editsAs(DatabaseFaults database, String loadIdPrefix) {
    return new Chaos.Faults() {
      @Override
      public boolean possible() {
        return true;
      }

      @Override
      public String strike(Chaos.Kind kind) {
        throw new AssertionError(kind + " was not planned");
      }

      @Override
      public List<String> editRuns(int count) throws Exception {
        return database.editRuns(loadIdPrefix, count);
      }
    };
  }

  /** The example as the checker writes it: load id, run id, then the problem. */
  private static String eventLog(Verdict verdict, String loadId, String problem) {
    return verdict.findings().get(Anomaly.EVENT_LOG).examples().stream()
        .filter(e -> e.startsWith(loadId + " ") && e.contains("): " + problem))
        .findFirst()
        .orElse(loadId + " with '" + problem + "'");
  }
}
