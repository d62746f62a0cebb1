package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.DialectChoice;
import dev.meshhook.load.checker.NotJudged;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.ReExecutions;
import dev.meshhook.load.checker.TagHistory;
import dev.meshhook.load.checker.Tally;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.OperationLog;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.ledger.ProbeLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check is pure: what a database held is handed to it, and no database is needed. */
class CheckedTest {
  private static final SuiteConfig.Verify OPTIONS =
      new SuiteConfig.Verify(Duration.ofSeconds(1), 10, SuiteConfig.Allowed.NONE);
  private static final SuiteConfig.Thresholds THRESHOLDS =
      new SuiteConfig.Thresholds(2000, 5000, 1, 90);
  private static final String RERUN = "re-run it";

  @TempDir Path folder;

  @Test
  void aFaultNotInjectedMakesTheCheckersVerdictUnknownAndKeepsWhatItFound() {
    // An accepted request with no run in the database: the checker finds it lost.
    Checked checked =
        Checked.check(
            fetched(read(), List.of("planned fault engine-kill could not be injected: no pid")),
            OPTIONS,
            profile());

    Verdict verdict = checked.verdict();
    assertThat(verdict.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(verdict.reason())
        .startsWith(
            "planned fault engine-kill could not be injected: no pid; before that the checker"
                + " found: ");
    assertThat(verdict.counts()).isNotNull();
  }

  @Test
  void aReadThatFailedIsTheVerdictsReasonAndTheRunsReadBeforeItStay() {
    Fetched.Database unread =
        new Fetched.Database(
            DialectChoice.CONTRACT_ONLY,
            new TagHistory(List.of(), List.of()),
            null,
            null,
            null,
            "the database could not be read (gone); " + RERUN);

    Checked checked =
        Checked.check(
            fetched(unread, List.of("planned fault engine-kill could not be injected: no pid")),
            OPTIONS,
            profile());

    assertThat(checked.verdict().outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(checked.verdict().reason())
        .isEqualTo(
            "the database could not be read (gone); re-run it; planned fault engine-kill could"
                + " not be injected: no pid");
    assertThat(checked.verdict().counts()).isNull();
  }

  private static Fetched.Database read() {
    return new Fetched.Database(
        DialectChoice.CONTRACT_ONLY,
        new TagHistory(List.of(), List.of()),
        null,
        new ReExecutions.Result(List.of(), NotJudged.NONE, 0, 0),
        Tally.NONE,
        null);
  }

  private Fetched fetched(Fetched.Database database, List<String> notInjected) {
    try (LoadLedger ledger = LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), "tag9")) {
      ledger.sent("tag9-i-1", "order-created", 1000, 202);
      ledger.answered("tag9-i-1", 202, 1010, null);
    }
    LedgerReader.Ledger ledger = LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME));
    Evidence evidence =
        new Evidence(
            ledger.entries(),
            folder,
            new OperationLog.Contents(List.of(), List.of()),
            List.of(),
            List.of(),
            notInjected,
            null);
    Verification.Inputs in =
        new Verification.Inputs(
            folder,
            "the ledger",
            ledger,
            null,
            ProbeLedger.Contents.NONE,
            null,
            (entries, h) -> evidence,
            RERUN,
            List.of());
    return new Fetched(in, ledger, database, evidence, null);
  }

  private static Verification.Profile profile() {
    return new Verification.Profile("CheckedTest", "nowhere", THRESHOLDS, 0.2);
  }
}
