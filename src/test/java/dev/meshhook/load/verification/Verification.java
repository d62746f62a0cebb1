package dev.meshhook.load.verification;

import dev.meshhook.load.charts.ReportTimelines;
import dev.meshhook.load.charts.Timelines;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.ReExecutions;
import dev.meshhook.load.checker.Replay;
import dev.meshhook.load.checker.RunChecker;
import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.checker.TagHistory;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.figures.ResourceFigures;
import dev.meshhook.load.figures.WebhookLatency;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One verification of one run folder: ledger + database history, judged, reported. Used at the end
 * of every simulation and by the re-verify command, so both give the same answer.
 */
public final class Verification {
  private Verification() {}

  public record Result(
      Verdict verdict, Classification classification, HttpFigures http, Path html) {}

  /**
   * Which profile ran against what, the thresholds its webhook answers are classified by (over the
   * whole run unless the profile judges them its own way, as stress does per level), and its own
   * figures.
   */
  public record Profile(
      String simulation,
      String target,
      SuiteConfig.Thresholds thresholds,
      double warnMargin,
      boolean wholeRunThresholds,
      Function<Evidence, List<Classification.Row>> figures) {
    public Profile(
        String simulation, String target, SuiteConfig.Thresholds thresholds, double warnMargin) {
      this(simulation, target, thresholds, warnMargin, true, evidence -> List.of());
    }
  }

  /**
   * After the load, once Gatling has closed its simulation.log: the webhook latency as the ledger
   * and as Gatling measured it, added to the run's reports and printed. Never fails the run.
   */
  public static WebhookLatency compareLatency(Path folder) {
    WebhookLatency latency =
        WebhookLatency.of(
            LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries(), folder);
    if (Files.isRegularFile(folder.resolve(VerificationReport.JSON))
        && Files.isRegularFile(folder.resolve(VerificationReport.HTML))) {
      VerificationReport.addWebhookLatency(folder, latency);
    }
    System.out.println(latency.summary());
    return latency;
  }

  public static Result run(
      Path folder, HistoryReader history, SuiteConfig.Verify options, Profile profile) {
    long start = System.nanoTime();
    Path ledgerFile = folder.resolve(LoadLedger.FILE_NAME);
    LedgerReader.Ledger ledger = LedgerReader.read(ledgerFile);
    Verdict verdict;
    List<RunRecord> runs = List.of();
    try {
      String prefix = ledger.runTag() + "-";
      TagHistory found = history.read(prefix);
      runs = found.runs();
      List<Replay.Mismatch> replay =
          ReExecutions.merged(
              found.replay(),
              options.reExecute() ? ReExecutions.check(history, prefix) : List.of());
      verdict = new RunChecker(options.allow(), options.examples()).check(ledger, runs, replay);
    } catch (SQLException e) {
      verdict =
          Verdict.unknown(
              ledger.runTag(),
              "the database could not be read ("
                  + e.getMessage()
                  + "); the ledger is kept at "
                  + ledgerFile
                  + " - re-run the check with: mvn -Preverify -Dreverify.run="
                  + folder);
    }
    HttpFigures http = HttpFigures.of(ledger.entries());
    Evidence evidence = Evidence.of(ledger.entries(), folder, history);
    List<Classification.Row> own = new ArrayList<>(profile.figures().apply(evidence));
    own.addAll(ResourceFigures.rows(evidence.resources()));
    Classification classification =
        profile.wholeRunThresholds()
            ? Classification.of(http, profile.thresholds(), profile.warnMargin(), own)
            : Classification.of(own);
    // Runs are empty when the database could not be read: the charts then show what the ledger and
    // files hold.
    Timelines timelines =
        ReportTimelines.of(ledger.entries(), runs, evidence.resources(), evidence.faults());
    long millis = (System.nanoTime() - start) / 1_000_000;
    Path html =
        new VerificationReport()
            .write(
                folder,
                verdict,
                http,
                classification,
                new VerificationReport.Context(
                    profile.simulation(),
                    profile.target(),
                    ledgerFile.toString(),
                    Instant.now(),
                    millis),
                timelines);
    System.out.println(VerificationReport.summary(verdict));
    System.out.println(classification.summary());
    System.out.println("verification report: " + html.toUri());
    return new Result(verdict, classification, http, html);
  }
}
