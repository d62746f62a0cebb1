package dev.meshhook.load.verify;

import dev.meshhook.load.config.SuiteConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * One verification of one run folder: ledger + database history, judged, reported. Used at the end
 * of every simulation and by the re-verify command, so both give the same answer.
 */
public final class Verification {
  private Verification() {}

  public record Result(Verdict verdict, Path html) {}

  public static Result run(
      Path folder, HistoryReader history, SuiteConfig.Verify options, String simulation, String target) {
    long start = System.nanoTime();
    Path ledgerFile = folder.resolve(RunLedger.FILE_NAME);
    LedgerReader.Ledger ledger = LedgerReader.read(ledgerFile);
    Verdict verdict;
    try {
      List<RunRecord> runs = history.runs(ledger.runTag() + "-");
      verdict = new RunChecker(options.allow(), options.examples()).check(ledger.runTag(), ledger.entries(), runs);
    } catch (SQLException e) {
      verdict =
          Verdict.unknown(
              ledger.runTag(),
              "the database could not be read (" + e.getMessage() + "); the ledger is kept at " + ledgerFile
                  + " - re-run the check with: mvn -Preverify -Dreverify.run=" + folder);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    Path html =
        new VerificationReport()
            .write(folder, verdict, new VerificationReport.Context(simulation, target, ledgerFile.toString(), Instant.now(), millis));
    System.out.println(VerificationReport.summary(verdict));
    System.out.println("verification report: " + html.toUri());
    return new Result(verdict, html);
  }
}
