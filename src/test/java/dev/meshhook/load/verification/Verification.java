package dev.meshhook.load.verification;

import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.figures.WebhookLatency;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.ledger.ProbeLedger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One verification of one run folder: ledger + database history, judged, reported. Used at the end
 * of every simulation and by the re-verify command, so both give the same answer.
 */
public final class Verification {
  private Verification() {}

  /** What was judged, and the reports written ({@code report}: sections are added to it). */
  public record Result(
      Verdict verdict,
      Classification classification,
      HttpFigures http,
      Availability availability,
      ProbeCheck.Result probes,
      VerificationPage report) {}

  /**
   * Which profile ran against what, the thresholds its webhook answers are classified by (over the
   * whole run unless the profile judges them its own way, as stress does per level), its own
   * figures, and whether it sends security probes (its run without a probe ledger is then unknown).
   */
  public record Profile(
      String simulation,
      String target,
      SuiteConfig.Thresholds thresholds,
      double warnMargin,
      boolean wholeRunThresholds,
      Function<Evidence, List<Classification.Row>> figures,
      Availability.Rule availability,
      boolean sendsProbes) {
    public Profile(
        String simulation, String target, SuiteConfig.Thresholds thresholds, double warnMargin) {
      this(
          simulation,
          target,
          thresholds,
          warnMargin,
          true,
          evidence -> List.of(),
          new Availability.Rule(java.time.Duration.ZERO, thresholds.p99Ms(), false, 0),
          false);
    }
  }

  /**
   * After the load, once Gatling has closed its simulation.log: the webhook latency as the ledger
   * and as Gatling measured it, added to the reports this process verified into {@code folder}
   * (none when the run was not verified here, as an injector of a shared run is not), and printed.
   * Never fails the run.
   */
  public static WebhookLatency compareLatency(Path folder) {
    return compareLatency(
        folder, LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries());
  }

  /** {@link #compareLatency(Path)} with the ledger's entries already read (they are complete). */
  public static WebhookLatency compareLatency(Path folder, List<LedgerEntry> ledger) {
    WebhookLatency latency = WebhookLatency.of(ledger, folder);
    VerificationPage.writtenInto(folder)
        .ifPresent(page -> VerificationReport.addWebhookLatency(page, latency));
    System.out.println(latency.summary());
    return latency;
  }

  /**
   * Judges the run in {@code folder} and writes verification.json and .html. Nothing that breaks
   * while judging (an unreadable ledger or evidence file, a database that cannot be read, a bug)
   * escapes: the verdict is then UNKNOWN with the error, what could still be judged is kept, and
   * both reports are written all the same.
   */
  public static Result run(
      Path folder, HistoryReader history, SuiteConfig.Verify options, Profile profile) {
    return run(folder, null, history, options, profile);
  }

  /**
   * {@link #run(Path, HistoryReader, SuiteConfig.Verify, Profile)} with the ledger the caller read
   * once the load was over (null: read it here), so that a run's ledger is read once.
   */
  public static Result run(
      Path folder,
      LedgerReader.Ledger read,
      HistoryReader history,
      SuiteConfig.Verify options,
      Profile profile) {
    Path ledgerFile = folder.resolve(LoadLedger.FILE_NAME);
    String rerun =
        "the ledger is kept at "
            + ledgerFile
            + " - re-run the check with: mvn -Preverify -Dreverify.run="
            + folder;
    LedgerReader.Ledger ledger = read;
    String ledgerError = null;
    if (ledger == null) {
      try {
        ledger = LedgerReader.read(ledgerFile);
      } catch (RuntimeException e) {
        ledgerError = broke(e);
      }
    }
    ProbeLedger.Contents probes = ProbeLedger.Contents.NONE;
    String probesError = null;
    try {
      probes = ProbeLedger.read(folder);
    } catch (RuntimeException e) {
      probesError = broke(e);
    }
    return judge(
        new Inputs(
            folder,
            ledgerFile.toString(),
            ledger,
            ledgerError,
            probes,
            probesError,
            (entries, h) -> Evidence.of(entries, folder, h),
            rerun,
            List.of()),
        history,
        options,
        profile);
  }

  /**
   * What one verification judges, read beforehand: from one run folder, or merged from the folders
   * of several injectors.
   *
   * @param folder where the reports are written
   * @param ledgerName what the report names as the ledger
   * @param ledger the requests; null when they could not be read ({@code ledgerError} says why)
   * @param probes the security probes (none: the profile sent none); {@code probesError} when they
   *     could not be read
   * @param evidence reads a profile's evidence for these requests
   * @param rerun how to run the check again, for the reason of an unknown verdict
   * @param incomplete why the ledger is not the whole run (an injector absent or dead): each makes
   *     the verdict unknown, while what was found still counts
   */
  public record Inputs(
      Path folder,
      String ledgerName,
      LedgerReader.Ledger ledger,
      String ledgerError,
      ProbeLedger.Contents probes,
      String probesError,
      BiFunction<List<LedgerEntry>, HistoryReader, Evidence> evidence,
      String rerun,
      List<String> incomplete) {}

  /**
   * Judges the inputs and writes verification.json and .html into their folder: {@link
   * Fetched#fetch fetch} what the database and the run folder hold, {@link Checked#check check} it,
   * {@link #render render} the reports once from the check.
   */
  public static Result judge(
      Inputs in, HistoryReader history, SuiteConfig.Verify options, Profile profile) {
    long start = System.nanoTime();
    Checked checked = Checked.check(Fetched.fetch(in, history, options), options, profile);
    long millis = (System.nanoTime() - start) / 1_000_000;
    return render(
        checked,
        in.folder(),
        new VerificationReport.Context(
            profile.simulation(), profile.target(), in.ledgerName(), Instant.now(), millis));
  }

  /**
   * Writes verification.json and .html from {@code checked}, and prints what they say: the verdict,
   * its coverage and what it did not judge, the probes, the availability and the classification.
   */
  static Result render(Checked checked, Path folder, VerificationReport.Context context) {
    Verdict verdict = checked.verdict();
    ProbeCheck.Result probes = checked.probes();
    VerificationPage report =
        new VerificationReport()
            .write(
                folder,
                verdict,
                checked.http(),
                checked.classification(),
                checked.availability(),
                probes,
                context,
                checked.timelines());
    System.out.println(VerificationReport.summary(verdict));
    System.out.println(verdict.coverage().describe());
    verdict.notJudged().forEach(n -> System.out.println("not judged: " + n));
    if (probes.reported()) {
      System.out.println(probes.summary());
    }
    System.out.println(checked.availability().summary());
    System.out.println(checked.classification().summary());
    checked.classification().failure().ifPresent(System.out::println);
    System.out.println("verification report: " + report.html().toUri());
    return new Result(
        verdict, checked.classification(), checked.http(), checked.availability(), probes, report);
  }

  /** The error for the reason line; its stack goes to stderr, for whoever fixes the cause. */
  static String broke(RuntimeException e) {
    e.printStackTrace();
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
