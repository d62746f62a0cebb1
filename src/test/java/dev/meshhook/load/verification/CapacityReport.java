package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.charts.CapacityCharts;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.config.StressShape;
import dev.meshhook.load.evidence.DatabaseSample;
import dev.meshhook.load.evidence.DatabaseSampler;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.evidence.RunTimings;
import dev.meshhook.load.figures.Bottleneck;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.Recommendations;
import dev.meshhook.load.figures.StepTable;
import dev.meshhook.load.figures.Usage;
import dev.meshhook.load.figures.Usl;
import dev.meshhook.load.html.Templates;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.report.JsonFigures;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A stress run's "why": the step table, the resource that saturated at the knee, and the fixes,
 * added to the run's reports once the verdict is written (the database must still be up, since the
 * runs' own timings are read from it). One console line says it: {@code bottleneck at 245/s:
 * rate-limit (...)}.
 */
public final class CapacityReport {
  /** Everything the section shows. */
  public record Analysis(
      List<StepTable.Step> steps,
      List<Usage> usages,
      Bottleneck.Named bottleneck,
      Usl usl,
      List<Recommendations.Fix> fixes) {
    public String consoleLine() {
      Bottleneck.Named b = bottleneck;
      String at = Double.isNaN(b.atRate()) ? "" : " at " + Classification.number(b.atRate()) + "/s";
      return "bottleneck"
          + at
          + ": "
          + b.resource().label()
          + (b.evidence().isEmpty() ? "" : " (" + String.join("; ", b.evidence()) + ")");
    }

    /** "scalability: contention-limited (λ 12.1/s, σ 0.031, κ 0.0004, R² 0.98; peak 48 runs)". */
    public String scalabilityLine() {
      if (usl.verdict() == Usl.Verdict.UNKNOWN && Double.isNaN(usl.lambda())) {
        return "scalability: unknown - " + usl.reason();
      }
      return String.format(
          Locale.ROOT,
          "scalability: %s (λ %s/s, σ %.4f, κ %.6f, R² %.3f; peak %s in flight, %s runs/s;"
              + " over %d stable steps)%s",
          usl.verdict().label(),
          Classification.number(usl.lambda()),
          usl.sigma(),
          usl.kappa(),
          usl.r2(),
          Classification.number(usl.peakConcurrency()),
          Classification.number(usl.peakThroughput()),
          usl.points().size(),
          usl.reason() == null ? "" : " - " + usl.reason());
    }
  }

  private CapacityReport() {}

  /**
   * Reads what the run left in {@code folder} and the runs' timings from {@code history}, and adds
   * the analysis to the reports. {@code machineCores} is the number of cores the database and
   * engine share (the embedded engine's machine), NaN for a deployment.
   */
  public static Analysis analyse(
      Path folder, StressShape shape, HistoryReader history, String runTag, double machineCores)
      throws SQLException {
    Analysis analysis =
        of(
            shape,
            LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries(),
            RunTimings.read(history, runTag + "-"),
            ResourceSampler.read(folder),
            DatabaseSampler.read(folder),
            machineCores);
    write(folder, analysis);
    return analysis;
  }

  /**
   * The analysis of one set of stairs, whose requests are {@code ledger} (from its first), from the
   * runs' timings and the samples of the run; nothing is written.
   */
  static Analysis of(
      StressShape shape,
      List<LedgerEntry> ledger,
      List<RunTimings.Run> runs,
      List<ResourceSampler.Sample> resources,
      List<DatabaseSample> database,
      double machineCores) {
    List<StepTable.Window> windows = windows(shape, ledger);
    List<Usage> usages = new ArrayList<>();
    for (StepTable.Window w : windows) {
      usages.add(usage(w, resources, database, machineCores));
    }
    // A pool of one connection kept up at 405/s with 8 requests waiting for it: the engine keeps
    // up by queueing, which the USE method calls saturation, and the table says so.
    List<StepTable.Step> steps =
        StepTable.saturatedWhere(
            StepTable.of(
                windows,
                ledger,
                runs,
                shape.thresholds().p99Ms(),
                shape.thresholds().maxFailedPercent()),
            usages.stream().map(Bottleneck::queued).toList());
    Bottleneck.Named named = Bottleneck.of(steps, usages);
    int knee = Bottleneck.kneeIndex(steps);
    List<Recommendations.Fix> fixes =
        knee < 0 ? List.of() : Recommendations.of(named, steps.get(knee), usages.get(knee));
    return new Analysis(steps, usages, named, scalability(steps), fixes);
  }

  /**
   * The USL over the stable steps: server-side concurrency from Little's law (completions x time in
   * the engine) against completions per second. Steps past the knee are left out: what they measure
   * is the overload, not how the engine scales.
   */
  static Usl scalability(List<StepTable.Step> steps) {
    List<Usl.Point> points = new ArrayList<>();
    int knee = Bottleneck.kneeIndex(steps);
    // A step that reads stable again past the knee (the queue drained for a while) is left out.
    for (StepTable.Step s : knee < 0 ? steps : steps.subList(0, knee)) {
      if (s.state() == StepTable.State.STABLE
          && Double.isFinite(s.littleInFlight())
          && s.littleInFlight() > 0) {
        points.add(new Usl.Point(s.littleInFlight(), s.completedPerSec()));
      }
    }
    return Usl.fit(points);
  }

  /**
   * Each level's steady part, from the first request: the ramps between levels are left out, and so
   * are a level's first second (a fifth of a shorter level), in which the engine's backlog fills to
   * the new rate's (runs accepted then finish later, and the level would read as falling behind),
   * and its last half second (a tenth): the first request comes up to one arrival after the
   * injection starts, so a window reckoned from it runs late, into the next ramp (a 5/s level of a
   * quick run read 7.75/s and falling behind).
   */
  static List<StepTable.Window> windows(StressShape shape, List<LedgerEntry> ledger) {
    List<StepTable.Window> windows = new ArrayList<>();
    if (ledger.isEmpty()) {
      return windows;
    }
    long first = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow();
    long level = shape.levelDuration().toMillis();
    long settle = Math.min(1000, level / 5);
    long guard = Math.min(500, level / 10);
    for (int i = 0; i < shape.levels(); i++) {
      long start = first + shape.levelStart(i).toMillis();
      double rate = shape.rateOf(i);
      windows.add(
          new StepTable.Window(
              Classification.number(rate) + "/s", start + settle, start + level - guard, rate));
    }
    return windows;
  }

  static Usage usage(
      StepTable.Window w,
      List<ResourceSampler.Sample> samples,
      List<DatabaseSample> database,
      double machineCores) {
    List<ResourceSampler.Sample> in =
        samples.stream().filter(s -> s.epochMs() >= w.fromMs() && s.epochMs() < w.toMs()).toList();
    List<DatabaseSample> db =
        database.stream().filter(s -> s.epochMs() >= w.fromMs() && s.epochMs() < w.toMs()).toList();
    double dbCores = mean(db, DatabaseSample::databaseCores);
    return new Usage(
        mean(in, s -> s.cpuPercent() / 100),
        mean(in, ResourceSampler.Sample::poolActive),
        mean(in, ResourceSampler.Sample::poolPending),
        mean(in, ResourceSampler.Sample::queueDepth),
        mean(in, s -> s.workersBusy() / s.workers()),
        gcShare(in),
        mean(in, ResourceSampler.Sample::dbConnections),
        mean(db, s -> s.activity().active()),
        mean(db, s -> s.activity().active("CPU")),
        mean(db, s -> s.activity().active("Lock")),
        // WAL and buffer waits show as LWLock (WALWrite, WALInsert, BufferContent) or IO (WalSync,
        // DataFileRead): both are the storage path.
        mean(db, s -> s.activity().active("IO") + s.activity().active("LWLock")),
        Double.isNaN(dbCores) ? machineCores : dbCores,
        mean(in, s -> s.injectorCpuPercent() / 100));
  }

  /** Pause time over elapsed time between the step's first and last samples that have both. */
  private static double gcShare(List<ResourceSampler.Sample> samples) {
    List<ResourceSampler.Sample> known =
        samples.stream().filter(s -> !Double.isNaN(s.gcPauseSeconds())).toList();
    if (known.size() < 2) {
      return Double.NaN;
    }
    ResourceSampler.Sample first = known.get(0);
    ResourceSampler.Sample last = known.get(known.size() - 1);
    double seconds = (last.epochMs() - first.epochMs()) / 1000.0;
    // A restarted engine counts from 0 again: no share rather than a negative one.
    double paused = last.gcPauseSeconds() - first.gcPauseSeconds();
    return seconds <= 0 || paused < 0 ? Double.NaN : paused / seconds;
  }

  private static <T> double mean(List<T> samples, ToDoubleFunction<T> figure) {
    return samples.stream()
        .mapToDouble(figure)
        .filter(v -> !Double.isNaN(v))
        .average()
        .orElse(Double.NaN);
  }

  static void write(Path folder, Analysis a) {
    VerificationReport.addSection(
        folder,
        "bottleneck",
        mapper -> bottleneckJson(mapper, a),
        "bottleneck and scalability",
        html(a),
        VerificationPage.Place.END);
    VerificationReport.addJson(folder, "steps", mapper -> stepsJson(mapper, a.steps(), a.usages()));
    VerificationReport.addJson(
        folder,
        "scalability",
        mapper -> {
          ObjectNode node = mapper.createObjectNode();
          node.set("usl", uslJson(mapper, a.usl()));
          return node;
        });
    VerificationReport.addJson(folder, "recommendations", mapper -> fixesJson(mapper, a.fixes()));
  }

  static ObjectNode bottleneckJson(ObjectMapper mapper, Analysis a) {
    Bottleneck.Named b = a.bottleneck();
    ObjectNode node = mapper.createObjectNode();
    node.put("named", b.resource().label());
    // An injector out of CPU measured itself: nothing else in the run's figures holds.
    node.put("runValid", b.resource() != Bottleneck.Resource.INJECTOR);
    if (b.atStep().isEmpty()) {
      node.putNull("atStep");
    } else {
      node.put("atStep", b.atStep());
    }
    figure(node, "atRate", b.atRate());
    ArrayNode evidence = node.putArray("evidence");
    b.evidence().forEach(evidence::add);
    ObjectNode budget = node.putObject("timeBudget");
    b.timeBudget().forEach((part, ms) -> figure(budget, part, ms));
    return node;
  }

  static ArrayNode stepsJson(ObjectMapper mapper, List<StepTable.Step> steps, List<Usage> usages) {
    ArrayNode array = mapper.createArrayNode();
    for (int i = 0; i < steps.size(); i++) {
      StepTable.Step s = steps.get(i);
      ObjectNode n = array.addObject();
      n.put("step", s.window().name());
      n.put("fromMs", s.window().fromMs());
      n.put("toMs", s.window().toMs());
      figure(n, "offered", s.window().offered());
      figure(n, "sentPerSec", s.sentPerSec());
      figure(n, "acceptedPerSec", s.acceptedPerSec());
      figure(n, "completedPerSec", s.completedPerSec());
      figure(n, "p99Ms", s.p99Ms());
      figure(n, "errorsPercent", s.errorsPercent());
      figure(n, "rateLimitedPercent", s.rateLimitedPercent());
      figure(n, "backlogSlopePerSec", s.backlogSlopePerSec());
      figure(n, "dwellP99Ms", s.dwellP99Ms());
      figure(n, "inFlight", s.inFlight());
      figure(n, "littleInFlight", s.littleInFlight());
      n.put("state", s.state().label());
      usageJson(n.putObject("usage"), usages.get(i));
    }
    return array;
  }

  /**
   * The step's USE figures, averaged over the samples inside it: what the named bottleneck's
   * evidence was computed from. Null where the target did not publish the figure.
   */
  private static void usageJson(ObjectNode n, Usage u) {
    figure(n, "engineCpu", u.engineCpu(), 4);
    figure(n, "poolActive", u.poolActive());
    figure(n, "poolPending", u.poolPending());
    figure(n, "queueDepth", u.queueDepth());
    figure(n, "workersBusy", u.workersBusy(), 4);
    figure(n, "engineGc", u.engineGc(), 4);
    figure(n, "dbConnections", u.dbConnections());
    figure(n, "dbActive", u.dbActive());
    figure(n, "dbCpu", u.dbCpu());
    figure(n, "dbLock", u.dbLock());
    figure(n, "dbIo", u.dbIo());
    figure(n, "dbCores", u.dbCores());
    figure(n, "injectorCpu", u.injectorCpu(), 4);
  }

  static ObjectNode uslJson(ObjectMapper mapper, Usl usl) {
    ObjectNode n = mapper.createObjectNode();
    figure(n, "lambda", usl.lambda());
    interval(n, "lambdaInterval", usl.lambdaInterval());
    figure(n, "sigma", usl.sigma(), 6);
    interval(n, "sigmaInterval", usl.sigmaInterval());
    figure(n, "kappa", usl.kappa(), 8);
    interval(n, "kappaInterval", usl.kappaInterval());
    figure(n, "r2", usl.r2(), 4);
    figure(n, "peakConcurrency", usl.peakConcurrency());
    figure(n, "peakThroughput", usl.peakThroughput());
    figure(n, "efficiency", usl.efficiency(), 4);
    ArrayNode points = n.putArray("points");
    for (Usl.Point p : usl.points()) {
      ObjectNode point = points.addObject();
      figure(point, "concurrency", p.concurrency());
      figure(point, "throughput", p.throughput());
    }
    n.put("verdict", usl.verdict().label());
    if (usl.reason() == null) {
      n.putNull("reason");
    } else {
      n.put("reason", usl.reason());
    }
    return n;
  }

  private static void interval(ObjectNode node, String key, Usl.Interval i) {
    ArrayNode pair = node.putArray(key);
    for (double v : new double[] {i.low(), i.high()}) {
      if (Double.isFinite(v)) {
        pair.add(v);
      } else {
        pair.addNull();
      }
    }
  }

  static ArrayNode fixesJson(ObjectMapper mapper, List<Recommendations.Fix> fixes) {
    ArrayNode array = mapper.createArrayNode();
    for (Recommendations.Fix f : fixes) {
      array
          .addObject()
          .put("rank", f.rank())
          .put("resource", f.resource())
          .put("action", f.action())
          .put("evidence", f.evidence());
    }
    return array;
  }

  /** A figure, or null when not measured: JSON has no NaN, and 0 would be a lie. */
  private static void figure(ObjectNode node, String key, double value) {
    figure(node, key, value, 2);
  }

  private static void figure(ObjectNode node, String key, double value, int decimals) {
    double scale = Math.pow(10, decimals);
    // Rounded only when measured: Math.round would turn NaN into 0.
    JsonFigures.number(
        node, key, Double.isFinite(value) ? Math.round(value * scale) / scale : value);
  }

  static String html(Analysis a) {
    List<List<String>> steps = new ArrayList<>();
    for (StepTable.Step s : a.steps()) {
      steps.add(
          List.of(
              s.window().name(),
              cell(s.sentPerSec(), ""),
              cell(s.acceptedPerSec(), ""),
              cell(s.completedPerSec(), ""),
              cell(s.p99Ms(), " ms"),
              cell(s.errorsPercent(), " %"),
              cell(s.rateLimitedPercent(), " %"),
              cell(s.backlogSlopePerSec(), " runs/s"),
              cell(s.dwellP99Ms(), " ms"),
              cell(s.inFlight(), ""),
              cell(s.littleInFlight(), ""),
              s.state().label()));
    }
    List<List<String>> budget = new ArrayList<>();
    a.bottleneck().timeBudget().forEach((part, ms) -> budget.add(List.of(part, cell(ms, " ms"))));
    Map<String, Object> model = new HashMap<>();
    model.put("bottleneck", a.consoleLine());
    model.put("scalability", a.scalabilityLine());
    model.put("steps", steps);
    model.put("use", useRows(a));
    model.put("charts", CapacityCharts.section(a.steps(), a.usl()));
    model.put("budget", budget);
    model.put("fixes", a.fixes());
    return Templates.render("capacity-section", model);
  }

  /**
   * Each step's resources, as sampled: n/a where the target does not publish the figure (a
   * deployment without {@code /metrics} has only the database's side), never 0.
   */
  private static List<List<String>> useRows(Analysis a) {
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < a.steps().size(); i++) {
      Usage u = a.usages().get(i);
      rows.add(
          List.of(
              a.steps().get(i).window().name(),
              cell(100 * u.engineCpu(), " %"),
              cell(100 * u.engineGc(), " %"),
              cell(u.poolActive(), ""),
              cell(u.poolPending(), ""),
              cell(u.queueDepth(), ""),
              cell(100 * u.workersBusy(), " %"),
              cell(u.dbConnections(), ""),
              cell(u.dbActive(), ""),
              cell(u.dbCpu(), ""),
              cell(u.dbLock(), ""),
              cell(u.dbIo(), ""),
              cell(100 * u.injectorCpu(), " %")));
    }
    return rows;
  }

  private static String cell(double v, String unit) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.1f", v) + unit : "n/a";
  }
}
