package dev.meshhook.load.verification;

import dev.meshhook.load.charts.ReportTimelines;
import dev.meshhook.load.charts.Timelines;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.checker.ReExecutions;
import dev.meshhook.load.checker.Replay;
import dev.meshhook.load.checker.ReplayCoverage;
import dev.meshhook.load.checker.RunChecker;
import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.figures.ProbeFigures;
import dev.meshhook.load.figures.ResourceFigures;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.ProbeLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a verification concluded from what it {@link Fetched fetched}, before anything is written:
 * every report is rendered from this. Each part that can break (the checker over the database's
 * runs, the profile's figures, the charts) is judged on its own, so one breaking leaves only its
 * part unknown; the reasons for not knowing are collected in order and make the verdict unknown
 * once, at the end.
 */
record Checked(
    Verdict verdict,
    HttpFigures http,
    Classification classification,
    Availability availability,
    ProbeCheck.Result probes,
    Timelines timelines) {

  /**
   * Judges {@code fetched}. Reads nothing itself; a profile's figures may still read the database
   * through their evidence, and a figure that cannot is a reason like any other.
   */
  static Checked check(Fetched fetched, SuiteConfig.Verify options, Verification.Profile profile) {
    Verification.Inputs in = fetched.in();
    LedgerReader.Ledger ledger = fetched.ledger();
    ProbeLedger.Contents probeLedger = in.probes();
    Judged judged = judge(fetched, probeLedger, options, profile);
    Verdict base = judged.verdict();
    List<String> unknown = new ArrayList<>();
    if (ledger.malformed().count() > 0) {
      // A line that cannot be read held a request or its answer: what was sent is not all known.
      unknown.add(ledger.malformed().reason() + "; " + in.rerun());
    }
    ProbeCheck.Result probes = judged.probes();
    if (!probeLedger.isEmpty() && !probes.reported()) {
      // What a probe made is in the database: without it, no class is passed.
      probes =
          ProbeCheck.notJudged(
              probeLedger, "the database was not read: " + unknown(base, unknown).reason());
    }
    HttpFigures http = HttpFigures.of(ledger.entries(), profile.availability().allowsShedding());
    Evidence evidence = fetched.evidence();
    List<ResourceSampler.Sample> resources = evidence == null ? List.of() : evidence.resources();
    List<FaultLog.Fault> faults = evidence == null ? List.of() : evidence.faults();
    List<String> notInjected = evidence == null ? List.of() : evidence.faultsNotInjected();
    List<Classification.Row> figures = new ArrayList<>();
    String figuresBroke = fetched.evidenceUnread();
    if (evidence != null) {
      try {
        figures.addAll(profile.figures().apply(evidence));
        figures.addAll(ResourceFigures.rows(resources));
      } catch (RuntimeException e) {
        figuresBroke = Verification.broke(e);
      }
    }
    if (figuresBroke != null) {
      figures.add(Classification.broken(profile.simulation() + " figures", figuresBroke));
      unknown.add("the profile's figures could not be computed (" + figuresBroke + ")");
    }
    // Judged on the replicas alive: the faults say which ones a chaos run left dead, and when.
    Availability availability =
        Availability.of(
            ledger.entries(), profile.availability(), Availability.DeadReplica.of(faults));
    List<Classification.Row> own = new ArrayList<>(availability.rows(profile.warnMargin()));
    own.addAll(ProbeFigures.rows(probes, profile.warnMargin()));
    own.addAll(figures);
    // A chaos run proves what it claims only for the faults that struck.
    unknown.addAll(notInjected);
    unknown.addAll(in.incomplete());
    Classification classification =
        profile.wholeRunThresholds()
            ? Classification.of(http, profile.thresholds(), profile.warnMargin(), own)
            : Classification.of(own);
    // Runs are empty when the database could not be read: the charts then show what the ledger and
    // files hold.
    Timelines timelines;
    try {
      timelines = ReportTimelines.of(ledger.entries(), judged.runs(), resources, faults);
    } catch (RuntimeException e) {
      timelines = ReportTimelines.of(List.of(), List.of(), List.of(), List.of());
      unknown.add("the charts could not be computed (" + Verification.broke(e) + ")");
    }
    return new Checked(
        unknown(base, unknown), http, classification, availability, probes, timelines);
  }

  /**
   * The checker's verdict over the database's runs, the probes judged against what they made, and
   * the runs the webhooks made (for the charts); as much as the database could be read for.
   */
  private record Judged(Verdict verdict, ProbeCheck.Result probes, List<RunRecord> runs) {}

  private static Judged judge(
      Fetched fetched,
      ProbeLedger.Contents probeLedger,
      SuiteConfig.Verify options,
      Verification.Profile profile) {
    Verification.Inputs in = fetched.in();
    LedgerReader.Ledger ledger = fetched.ledger();
    Fetched.Database db = fetched.database();
    ProbeCheck.Result probes = ProbeCheck.Result.NONE;
    if (in.probesError() != null) {
      probes = ProbeCheck.Result.missing(Fetched.probeLedgerUnread(in));
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
    // Each step runs once what it needs was read, in the order of the reads: a step that breaks
    // comes before any read that failed after its own inputs, so its reason is the verdict's, as
    // when the steps ran between the reads.
    List<RunRecord> runs = List.of();
    try {
      if (db.found() == null) {
        return new Judged(Verdict.unknown(ledger.runTag(), db.unread()), probes, runs);
      }
      // Runs a probe made are the probes' to judge: to the ledger they are no request of its.
      Set<String> probeIds = probeLedger.probeIds();
      Map<String, Integer> runsByProbe = new HashMap<>();
      List<RunRecord> requested = new ArrayList<>(db.found().runs().size());
      for (RunRecord r : db.found().runs()) {
        if (probeIds.contains(r.loadId())) {
          runsByProbe.merge(r.loadId(), 1, Integer::sum);
        } else {
          requested.add(r);
        }
      }
      runs = requested;
      if (db.tenantsOfProbes() != null) {
        probes =
            new ProbeCheck(options.examples())
                .check(
                    probeLedger,
                    runsByProbe,
                    db.tenantsOfProbes(),
                    runsOfRepeated(probeLedger, requested));
      }
      if (db.reExecuted() == null) {
        return new Judged(Verdict.unknown(ledger.runTag(), db.unread()), probes, runs);
      }
      List<Replay.Mismatch> replay =
          ReExecutions.merged(db.found().replay(), db.reExecuted().mismatches());
      ReplayCoverage coverage =
          new ReplayCoverage(
              db.dialect(),
              runs.stream().map(RunRecord::runId).distinct().count(),
              db.found().notJudged().and(db.reExecuted().notJudged()),
              options.reExecute(),
              db.reExecuted().httpAttempts(),
              db.reExecuted().retries(),
              db.found().unreadable(),
              db.reExecuted().sequenceOnly());
      if (db.unread() != null) {
        return new Judged(Verdict.unknown(ledger.runTag(), db.unread()), probes, runs);
      }
      Verdict verdict =
          new RunChecker(options.allow(), options.examples())
              .check(new RunChecker.History(ledger, runs, replay, coverage, db.unaccounted()));
      return new Judged(verdict, probes, runs);
    } catch (RuntimeException e) {
      return new Judged(
          Verdict.unknown(
              ledger.runTag(), "the check broke (" + Verification.broke(e) + "); " + in.rerun()),
          probes,
          runs);
    }
  }

  /** The runs of the webhooks whose Idempotency-Key a probe repeated: its 202 must name one. */
  private static Map<String, Set<String>> runsOfRepeated(
      ProbeLedger.Contents probes, List<RunRecord> requested) {
    Set<String> repeated = probes.repeatedIds();
    Map<String, Set<String>> runs = new HashMap<>();
    for (RunRecord r : requested) {
      if (repeated.contains(r.loadId())) {
        runs.computeIfAbsent(r.loadId(), k -> new TreeSet<>()).add(r.runId().toString());
      }
    }
    return runs;
  }

  /**
   * The verdict made UNKNOWN by each later step that broke, in order; the checker's counts and
   * findings stay, so a loss it found still fails its own group. The first reason goes before what
   * the checker found, the rest after.
   */
  static Verdict unknown(Verdict verdict, List<String> whys) {
    Verdict unknown = verdict;
    for (String why : whys) {
      String reason =
          unknown.outcome() == Outcome.UNKNOWN
              ? unknown.reason() + "; " + why
              : why + "; before that the checker found: " + unknown.reason();
      unknown =
          new Verdict(
              Outcome.UNKNOWN,
              reason,
              unknown.runTag(),
              unknown.counts(),
              unknown.findings(),
              unknown.endToEnd(),
              unknown.coverage(),
              unknown.notJudged());
    }
    return unknown;
  }
}
