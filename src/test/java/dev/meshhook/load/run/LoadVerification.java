package dev.meshhook.load.run;

import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.Counts;
import dev.meshhook.load.checker.Drain;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.ScalingShape;
import dev.meshhook.load.config.StressShape;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadIds;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.live.LiveMetrics;
import dev.meshhook.load.report.RegressionCheck;
import dev.meshhook.load.verification.CapacityReport;
import dev.meshhook.load.verification.LoadReports;
import dev.meshhook.load.verification.ScalingReport;
import dev.meshhook.load.verification.Verification;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * After the load: the drain (every accepted run waited for), the verification of the ledger against
 * the database, the profile's classification, and the regression check against earlier load runs.
 * Its results feed the simulation's verdict groups.
 */
public final class LoadVerification<S extends SuiteConfig.Shape> {
  private final SuiteConfig config;
  private final S shape;
  private final Function<Evidence, List<Classification.Row>> figures;
  private final Availability.Rule availability;
  private final Class<?> simulation;
  private final long openedAtMillis;
  private final String runTag;
  private final String loadIdPrefix;
  private final TargetHandle target;
  private final LoadRecorder recorder;
  private final ChaosActions chaos;
  private final LiveMetrics live;
  private Drain drain;
  private SuiteCpu.Mark loadEnd;
  private LedgerReader.Ledger ledger;
  private Runnable beforeVerify = () -> {};
  private Verdict verdict;
  private Classification classification;
  private RegressionCheck.Result regression;

  LoadVerification(
      SuiteConfig config,
      S shape,
      Function<Evidence, List<Classification.Row>> figures,
      Availability.Rule availability,
      Class<?> simulation,
      long openedAtMillis,
      LoadIds ids,
      TargetHandle target,
      LoadRecorder recorder,
      ChaosActions chaos,
      LiveMetrics live) {
    this.live = live;
    this.config = config;
    this.shape = shape;
    this.figures = figures;
    this.availability = availability;
    this.simulation = simulation;
    this.openedAtMillis = openedAtMillis;
    this.runTag = ids.runTag();
    this.loadIdPrefix = ids.prefix();
    this.target = target;
    this.recorder = recorder;
    this.chaos = chaos;
  }

  /** After the load: starts waiting for every accepted run to finish. */
  public void beginDrain() {
    // An engine restart still under way would leave the drain reading a database that moved.
    chaos.betweenFaults(this::startDrain);
  }

  private synchronized void startDrain() {
    recorder.closeLoad();
    loadEnd = SuiteCpu.mark();
    // Read once, complete now: the drain counts its accepted webhooks, the check judges it, and
    // the comparison with Gatling's figures after the run reads its times.
    ledger = LedgerReader.read(recorder.folder().resolve(LoadLedger.FILE_NAME));
    List<LedgerEntry> sent = ledger.entries();
    // From the first request to the end of the load (the engine and PostgreSQL are processes of
    // their own).
    System.out.println(
        SuiteCpu.perRequest(
            recorder.cpuAtFirstRequest().until(loadEnd),
            sent.size() + recorder.otherRequests(),
            live.enabled()));
    long accepted = sent.stream().filter(LedgerEntry::accepted).count();
    if (deferred()) {
      // One injector's runs are part of the whole: only the merge of every ledger drains and
      // judges.
      recorder.markInjectorFinished();
      return;
    }
    drain = new Drain(target.history(), loadIdPrefix, accepted, config.verify().drainTimeout());
    live.phase(LiveMetrics.Phase.DRAIN);
    pollDrain();
  }

  public boolean drained() {
    return drain == null || drain.done();
  }

  public void pollDrain() {
    drain.poll();
    live.drain(drain.terminal(), drain.accepted());
  }

  /**
   * Whether this injector is one of several of a shared run, which verifies nothing alone: the
   * merged verification reads every injector's ledger and gives the one verdict.
   */
  public boolean deferred() {
    return config.injectors().shared();
  }

  public synchronized void verify() {
    recorder.stopSampling();
    if (deferred()) {
      live.phase(LiveMetrics.Phase.DONE);
      Path shared = config.reports().dir().resolve(runTag);
      System.out.println(
          "verification: deferred - injector "
              + config.injectors().index()
              + " of "
              + config.injectors().count()
              + " sent its share into "
              + recorder.folder()
              + "; once every injector is done: mvn -Pverify-merged -Dmerged.dir="
              + shared);
      return;
    }
    live.phase(LiveMetrics.Phase.VERIFY);
    SuiteCpu.Mark verifyStart = SuiteCpu.mark();
    beforeVerify.run();
    String baseUrl = String.join(", ", target.baseUrls());
    Verification.Result result =
        Verification.run(
            recorder.folder(),
            ledger,
            target.history(),
            config.verify(),
            new Verification.Profile(
                simulation.getSimpleName(),
                target.embedded()
                    ? (target.baseUrls().size() > 1
                            ? "embedded reference engine, "
                                + target.baseUrls().size()
                                + " replicas at "
                            : "embedded reference engine at ")
                        + baseUrl
                    : baseUrl,
                shape.thresholds(),
                config.warnMargin(),
                shape.wholeRunThresholds(),
                figures,
                availability,
                shape.sendsProbes()));
    verdict = result.verdict();
    classification = result.classification();
    // While the database is up: the runs' own timings are read from it.
    if (shape instanceof StressShape stairs) {
      printAnalysis(
          "bottleneck",
          () -> {
            CapacityReport.Analysis capacity =
                CapacityReport.analyse(
                    recorder.folder(),
                    stairs,
                    target.history(),
                    runTag,
                    target.embedded() ? Runtime.getRuntime().availableProcessors() : Double.NaN);
            return List.of(capacity.consoleLine(), capacity.scalabilityLine());
          });
    }
    if (shape instanceof ScalingShape scaling) {
      printAnalysis(
          "scaling",
          () ->
              ScalingReport.analyse(
                      recorder.folder(),
                      scaling,
                      target.history(),
                      runTag,
                      Runtime.getRuntime().availableProcessors())
                  .consoleLines());
    }
    if (verdict.counts() != null) {
      Counts c = verdict.counts();
      live.verdict("sent", c.sent());
      live.verdict("accepted", c.accepted());
      live.verdict("completed", c.completed());
      for (Anomaly a : Anomaly.values()) {
        live.verdict(a.label(), c.of(a));
      }
    }
    live.phase(LiveMetrics.Phase.DONE);
    regression =
        LoadReports.regressionAfter(
                recorder.folder(),
                new LoadReports.Run(
                    simulation.getSimpleName(),
                    config.quick(),
                    Instant.ofEpochMilli(openedAtMillis),
                    target.embedded() ? "embedded" : baseUrl),
                result,
                config)
            .orElse(null); // the verify: regression group then fails with no result to show
    if (loadEnd != null) {
      System.out.println(
          SuiteCpu.byPhase(recorder.cpuAtFirstRequest(), loadEnd, verifyStart, SuiteCpu.mark()));
    }
  }

  /** An analysis added to the reports after the verdict, and the lines it prints. */
  private interface Analysis {
    List<String> lines() throws java.sql.SQLException;
  }

  /** Prints what the analysis says, or that it is unknown and why: it never breaks the verdict. */
  private static void printAnalysis(String what, Analysis analysis) {
    try {
      analysis.lines().forEach(System.out::println);
    } catch (java.sql.SQLException | RuntimeException e) {
      System.out.println(what + ": unknown - the analysis could not be made (" + e + ")");
    }
  }

  /** The ledger's entries, once the load is over (empty before). */
  public synchronized Optional<List<LedgerEntry>> ledger() {
    return Optional.ofNullable(ledger).map(LedgerReader.Ledger::entries);
  }

  /** Something to do after the drain and before the check (a chaos run's manual edits). */
  public synchronized void beforeVerify(Runnable action) {
    this.beforeVerify = action;
  }

  /**
   * The run against its baseline, or empty when verification never ran or the check itself broke.
   */
  public Optional<RegressionCheck.Result> regression() {
    return Optional.ofNullable(regression);
  }

  /** The verdict, or unknown when verification never ran (e.g. the load was cut short). */
  public Verdict verdict() {
    if (verdict != null) {
      return verdict;
    }
    return Verdict.unknown(
        runTag,
        deferred()
            ? "deferred to the merged verification of every injector"
            : "verification did not run");
  }

  /** The profile's classification, or empty when verification never ran. */
  public Optional<Classification> classification() {
    return Optional.ofNullable(classification);
  }
}
