package dev.meshhook.load.verification;

import dev.meshhook.load.charts.ReportTimelines;
import dev.meshhook.load.charts.Timelines;
import dev.meshhook.load.checker.DialectChoice;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.NotJudged;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.checker.ReExecutions;
import dev.meshhook.load.checker.Replay;
import dev.meshhook.load.checker.ReplayCoverage;
import dev.meshhook.load.checker.RunChecker;
import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.checker.TagHistory;
import dev.meshhook.load.checker.Tally;
import dev.meshhook.load.checker.UnaccountedRuns;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.checker.Visibility;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.figures.ProbeFigures;
import dev.meshhook.load.figures.ResourceFigures;
import dev.meshhook.load.figures.WebhookLatency;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.ledger.ProbeLedger;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

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
    WebhookLatency latency =
        WebhookLatency.of(
            LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries(), folder);
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
    Path ledgerFile = folder.resolve(LoadLedger.FILE_NAME);
    String rerun =
        "the ledger is kept at "
            + ledgerFile
            + " - re-run the check with: mvn -Preverify -Dreverify.run="
            + folder;
    LedgerReader.Ledger ledger = null;
    String ledgerError = null;
    try {
      ledger = LedgerReader.read(ledgerFile);
    } catch (RuntimeException e) {
      ledgerError = broke(e);
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

  /** Judges the inputs and writes verification.json and .html into their folder. */
  public static Result judge(
      Inputs in, HistoryReader history, SuiteConfig.Verify options, Profile profile) {
    long start = System.nanoTime();
    Path folder = in.folder();
    String rerun = in.rerun();
    Verdict verdict = null;
    LedgerReader.Ledger ledger = in.ledger();
    if (ledger == null) {
      ledger = new LedgerReader.Ledger(null, List.of());
      verdict = Verdict.unknown(null, "the ledger could not be read (" + in.ledgerError() + ")");
    }
    ProbeLedger.Contents probeLedger = in.probes();
    ProbeCheck.Result probes = ProbeCheck.Result.NONE;
    if (in.probesError() != null) {
      String why = "the probe ledger could not be read (" + in.probesError() + "); " + rerun;
      verdict = verdict == null ? Verdict.unknown(ledger.runTag(), why) : verdict;
      probes = ProbeCheck.Result.missing(why);
    } else if (profile.sendsProbes() && probeLedger.isEmpty()) {
      // Not a pass with nothing to show: the probes went unrecorded, or the file is gone.
      probes =
          ProbeCheck.Result.missing(
              profile.simulation()
                  + " sends security probes, but no probe ledger ('"
                  + ProbeLedger.FILE_NAME
                  + "') with a line in it was found beside "
                  + in.ledgerName()
                  + ": no probe can be judged");
    }
    List<RunRecord> runs = List.of();
    if (verdict == null) {
      try {
        String prefix = ledger.runTag() + "-";
        Optional<String> blind = Visibility.problem(history);
        if (blind.isPresent()) {
          // Rows the role cannot see would be judged missing: no verdict about the target.
          verdict =
              Verdict.unknown(
                  ledger.runTag(),
                  "the checker cannot see every row it would judge, so it judges none: "
                      + blind.get()
                      + "; "
                      + rerun);
        } else {
          DialectChoice dialect = DialectChoice.of(options.dialect(), history, prefix);
          System.out.println("checker: dialect " + dialect.describe());
          TagHistory found = history.read(prefix, dialect.dialect(), options.examples());
          // Runs a probe made are the probes' to judge: to the ledger they are no request of its.
          Set<String> probeIds = probeLedger.probeIds();
          Map<String, Integer> runsByProbe = new HashMap<>();
          List<RunRecord> requested = new ArrayList<>(found.runs().size());
          for (RunRecord r : found.runs()) {
            if (probeIds.contains(r.loadId())) {
              runsByProbe.merge(r.loadId(), 1, Integer::sum);
            } else {
              requested.add(r);
            }
          }
          runs = requested;
          if (!probeLedger.isEmpty()) {
            probes =
                new ProbeCheck(options.examples())
                    .check(
                        probeLedger,
                        runsByProbe,
                        history.tenantsOfRuns(probeLedger.runIds()),
                        runsOfRepeated(probeLedger, requested));
          }
          ReExecutions.Result reExecuted =
              options.reExecute()
                  ? ReExecutions.check(history, prefix, dialect.dialect())
                  : new ReExecutions.Result(List.of(), NotJudged.NONE, 0, 0);
          List<Replay.Mismatch> replay =
              ReExecutions.merged(found.replay(), reExecuted.mismatches());
          ReplayCoverage coverage =
              new ReplayCoverage(
                  dialect,
                  runs.stream().map(RunRecord::runId).distinct().count(),
                  found.notJudged().and(reExecuted.notJudged()),
                  options.reExecute(),
                  reExecuted.httpAttempts(),
                  reExecuted.retries(),
                  found.unreadable(),
                  reExecuted.sequenceOnly());
          Tally unaccounted =
              options.sharedTarget()
                  ? Tally.notLooked(
                      "verify.sharedTarget=true: others' runs may share the target's projects")
                  : UnaccountedRuns.read(
                      history,
                      prefix,
                      found.runs().stream().map(RunRecord::projectId).collect(Collectors.toSet()),
                      found.runs().stream()
                          .map(RunRecord::startedAt)
                          .filter(java.util.Objects::nonNull)
                          .min(java.util.Comparator.naturalOrder())
                          .orElse(null),
                      options.examples());
          verdict =
              new RunChecker(options.allow(), options.examples())
                  .check(new RunChecker.History(ledger, runs, replay, coverage, unaccounted));
        }
      } catch (SQLException e) {
        verdict =
            Verdict.unknown(
                ledger.runTag(),
                "the database could not be read (" + e.getMessage() + "); " + rerun);
      } catch (RuntimeException e) {
        verdict = Verdict.unknown(ledger.runTag(), "the check broke (" + broke(e) + "); " + rerun);
      }
    }
    if (ledger.malformed().count() > 0) {
      // A line that cannot be read held a request or its answer: what was sent is not all known.
      verdict = unknown(verdict, ledger.malformed().reason() + "; " + rerun);
    }
    if (!probeLedger.isEmpty() && !probes.reported()) {
      // What a probe made is in the database: without it, no class is passed.
      probes = ProbeCheck.notJudged(probeLedger, "the database was not read: " + verdict.reason());
    }
    HttpFigures http = HttpFigures.of(ledger.entries(), profile.availability().allowsShedding());
    List<ResourceSampler.Sample> resources = List.of();
    List<FaultLog.Fault> faults = List.of();
    List<String> notInjected = List.of();
    List<Classification.Row> figures = new ArrayList<>();
    try {
      Evidence evidence = in.evidence().apply(ledger.entries(), history);
      resources = evidence.resources();
      faults = evidence.faults();
      notInjected = evidence.faultsNotInjected();
      figures.addAll(profile.figures().apply(evidence));
      figures.addAll(ResourceFigures.rows(resources));
    } catch (RuntimeException e) {
      String error = broke(e);
      figures.add(Classification.broken(profile.simulation() + " figures", error));
      verdict = unknown(verdict, "the profile's figures could not be computed (" + error + ")");
    }
    // Judged on the replicas alive: the faults say which ones a chaos run left dead, and when.
    Availability availability =
        Availability.of(
            ledger.entries(), profile.availability(), Availability.DeadReplica.of(faults));
    List<Classification.Row> own = new ArrayList<>(availability.rows(profile.warnMargin()));
    own.addAll(ProbeFigures.rows(probes, profile.warnMargin()));
    own.addAll(figures);
    // A chaos run proves what it claims only for the faults that struck.
    for (String why : notInjected) {
      verdict = unknown(verdict, why);
    }
    for (String why : in.incomplete()) {
      verdict = unknown(verdict, why);
    }
    Classification classification =
        profile.wholeRunThresholds()
            ? Classification.of(http, profile.thresholds(), profile.warnMargin(), own)
            : Classification.of(own);
    // Runs are empty when the database could not be read: the charts then show what the ledger and
    // files hold.
    Timelines timelines;
    try {
      timelines = ReportTimelines.of(ledger.entries(), runs, resources, faults);
    } catch (RuntimeException e) {
      timelines = ReportTimelines.of(List.of(), List.of(), List.of(), List.of());
      verdict = unknown(verdict, "the charts could not be computed (" + broke(e) + ")");
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    VerificationPage report =
        new VerificationReport()
            .write(
                folder,
                verdict,
                http,
                classification,
                availability,
                probes,
                new VerificationReport.Context(
                    profile.simulation(), profile.target(), in.ledgerName(), Instant.now(), millis),
                timelines);
    System.out.println(VerificationReport.summary(verdict));
    System.out.println(verdict.coverage().describe());
    verdict.notJudged().forEach(n -> System.out.println("not judged: " + n));
    if (probes.reported()) {
      System.out.println(probes.summary());
    }
    System.out.println(availability.summary());
    System.out.println(classification.summary());
    classification.failure().ifPresent(System.out::println);
    System.out.println("verification report: " + report.html().toUri());
    return new Result(verdict, classification, http, availability, probes, report);
  }

  /** The runs of the webhooks whose Idempotency-Key a probe repeated: its 202 must name one. */
  private static Map<String, Set<String>> runsOfRepeated(
      ProbeLedger.Contents probes, List<RunRecord> requested) {
    Set<String> repeated = probes.repeatedIds();
    Map<String, Set<String>> runs = new HashMap<>();
    for (RunRecord r : requested) {
      if (repeated.contains(r.loadId())) {
        runs.computeIfAbsent(r.loadId(), k -> new java.util.TreeSet<>()).add(r.runId().toString());
      }
    }
    return runs;
  }

  /**
   * The verdict made UNKNOWN by a later step that broke; the checker's counts and findings stay, so
   * a loss it found still fails its own group.
   */
  private static Verdict unknown(Verdict verdict, String why) {
    String reason =
        verdict.outcome() == Outcome.UNKNOWN
            ? verdict.reason() + "; " + why
            : why + "; before that the checker found: " + verdict.reason();
    return new Verdict(
        Outcome.UNKNOWN,
        reason,
        verdict.runTag(),
        verdict.counts(),
        verdict.findings(),
        verdict.endToEnd(),
        verdict.coverage(),
        verdict.notJudged());
  }

  /** The error for the reason line; its stack goes to stderr, for whoever fixes the cause. */
  private static String broke(RuntimeException e) {
    e.printStackTrace();
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
