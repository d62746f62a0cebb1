package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.config.ScalingShape;
import dev.meshhook.load.evidence.DatabaseSample;
import dev.meshhook.load.evidence.DatabaseSampler;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.evidence.RunTimings;
import dev.meshhook.load.evidence.ScaleLog;
import dev.meshhook.load.figures.Bottleneck;
import dev.meshhook.load.figures.ScalingFigures;
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
import java.util.Map;

/**
 * A scaling run's "how does it scale out": each replica count's stairs analysed as a stress run's
 * are (step table, knee, named bottleneck), then the efficiency table and the USL over the counts,
 * added to the run's reports ({@code scaling} in verification.json) once the verdict is written.
 */
public final class ScalingReport {
  private ScalingReport() {}

  /** Reads what the run left in {@code folder}, and the runs' timings from {@code history}. */
  public static ScalingFigures.Result analyse(
      Path folder, ScalingShape shape, HistoryReader history, String runTag, int cores)
      throws SQLException {
    List<LedgerEntry> ledger = LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries();
    List<RunTimings.Run> runs = RunTimings.read(history, runTag + "-");
    List<ResourceSampler.Sample> resources = ResourceSampler.read(folder);
    List<DatabaseSample> database = DatabaseSampler.read(folder);
    List<ScaleLog.ScaleOut> scaleOuts = ScaleLog.read(folder);
    List<ScalingFigures.Count> counts = new ArrayList<>();
    List<CapacityReport.Analysis> analyses = new ArrayList<>();
    List<ScalingShape.Phase> phases = shape.phases(ledger, ScaleLog.startsAfterFirst(scaleOuts));
    for (int i = 0; i < phases.size(); i++) {
      ScalingShape.Phase phase = phases.get(i);
      CapacityReport.Analysis a =
          CapacityReport.of(
              shape.stairs(), phase.entries(ledger), runs, resources, database, cores);
      analyses.add(a);
      // The first count starts with the run; each next one after its scale-out.
      String notJudged =
          i == 0 || i > scaleOuts.size() ? null : ScaleLog.notJudged(scaleOuts.get(i - 1));
      counts.add(new ScalingFigures.Count(phase.replicas(), a.steps(), a.bottleneck(), notJudged));
    }
    ScalingFigures.Result result = ScalingFigures.of(counts, shape.replicas(), cores);
    VerificationReport.addSection(
        folder,
        "scaling",
        mapper -> json(mapper, shape, result, analyses),
        "scaling",
        html(result),
        VerificationPage.Place.END);
    return result;
  }

  static ObjectNode json(
      ObjectMapper mapper,
      ScalingShape shape,
      ScalingFigures.Result r,
      List<CapacityReport.Analysis> analyses) {
    ObjectNode n = mapper.createObjectNode();
    n.put("cores", r.cores());
    ArrayNode asked = n.putArray("replicas");
    shape.replicas().forEach(asked::add);
    ArrayNode points = n.putArray("points");
    for (int i = 0; i < r.points().size(); i++) {
      ScalingFigures.Point p = r.points().get(i);
      ObjectNode point = points.addObject();
      point.put("replicas", p.replicas());
      JsonFigures.number(point, "kneeRate", rounded(p.kneeRate(), 2));
      JsonFigures.number(point, "throughput", rounded(p.throughput(), 2));
      JsonFigures.number(point, "efficiency", rounded(p.efficiency(), 4));
      point.put("kneeReached", p.kneeReached());
      Bottleneck.Named b = p.bottleneck();
      ObjectNode named = point.putObject("bottleneck");
      named.put("named", b.resource().label());
      JsonFigures.number(named, "atRate", b.atRate());
      ArrayNode evidence = named.putArray("evidence");
      b.evidence().forEach(evidence::add);
      point.set(
          "steps",
          CapacityReport.stepsJson(mapper, analyses.get(i).steps(), analyses.get(i).usages()));
    }
    n.set("usl", CapacityReport.uslJson(mapper, r.usl()));
    n.put("verdict", r.verdict().label());
    n.put("basis", r.basis());
    return n;
  }

  private static double rounded(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Double.isFinite(value) ? Math.round(value * scale) / scale : value;
  }

  static String html(ScalingFigures.Result r) {
    Map<String, Object> model = new HashMap<>();
    model.put("verdict", r.verdictLine());
    model.put("rows", r.points().stream().map(ScalingFigures.Point::cells).toList());
    model.put("uslVerdict", r.usl().verdict().label());
    model.put("uslReason", r.usl().reason());
    return Templates.render("scaling-section", model);
  }
}
