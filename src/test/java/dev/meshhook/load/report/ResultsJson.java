package dev.meshhook.load.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.checker.Anomaly;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.figures.Classification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code results.json} in a run's folder: every figure, threshold, verdict and classification of
 * the run in one file for machines (schema: docs/RESULTS.md). The same counts as verification.json
 * and junit.xml, from the same objects. Nothing secret is in any of them.
 */
public final class ResultsJson {
  public static final String FILE_NAME = "results.json";
  public static final String SCHEMA = "meshhook-load/results/v1";

  private final ObjectMapper json =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .registerModule(NoValueAsNull.module());

  public Path write(Path folder, LoadResults results) {
    Path file = folder.resolve(FILE_NAME);
    try {
      Files.writeString(file, json.writeValueAsString(toJson(results)), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  ObjectNode toJson(LoadResults r) {
    ObjectNode root = json.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("status", r.summary().status());
    root.set("summary", json.valueToTree(r.summary()));
    root.set("figures", json.valueToTree(r.summary().figures()));
    root.set("verification", verification(r.verdict()));
    root.set("http", JsonFigures.http(json.createObjectNode(), r.http()));
    root.set("classification", classification(r.classification()));
    root.set("regression", regression(r.regression(), r));
    JUnitReport.Totals totals = JUnitReport.totals(r);
    root.putObject("junit")
        .put("tests", totals.tests())
        .put("failures", totals.failures())
        .put("skipped", totals.skipped());
    return root;
  }

  private ObjectNode verification(Verdict v) {
    ObjectNode node = json.createObjectNode();
    node.put("outcome", v.outcome().name().toLowerCase(Locale.ROOT));
    node.put("reason", v.reason());
    node.put("runTag", v.runTag());
    if (v.counts() != null) {
      node.set("counts", json.valueToTree(v.counts()));
      node.put("balanced", v.counts().balanced());
    }
    JsonFigures.latency(node.putObject("endToEndMillis"), v.endToEnd());
    ArrayNode anomalies = node.putArray("anomalies");
    for (Map.Entry<Anomaly, Verdict.Finding> e : v.findings().entrySet()) {
      Verdict.Finding f = e.getValue();
      ObjectNode a =
          anomalies
              .addObject()
              .put("name", e.getKey().label())
              .put("count", f.count())
              .put("allowed", f.allowed())
              .put("ok", f.ok());
      f.examples().forEach(a.putArray("examples")::add);
    }
    return node;
  }

  private ObjectNode classification(Classification c) {
    ObjectNode node = json.createObjectNode();
    node.put("level", c.level().name().toLowerCase(Locale.ROOT));
    ArrayNode rows = node.putArray("rows");
    for (Classification.Row row : c.rows()) {
      ObjectNode o = rows.addObject().put("figure", row.figure());
      JsonFigures.number(o, "value", row.value()); // null: not measured
      o.put("unit", row.unit()).put("rule", row.rule());
      JsonFigures.number(o, "threshold", row.threshold()); // null: no threshold
      o.put("level", row.level().label());
      if (row.why() != null) {
        o.put("why", row.why());
      }
    }
    return node;
  }

  private ObjectNode regression(RegressionCheck.Result result, LoadResults r) {
    ObjectNode node = json.createObjectNode();
    node.put("level", result.level().label());
    node.put("baseline", result.baseline());
    node.set("tolerances", json.valueToTree(r.tolerances()));
    ArrayNode rows = node.putArray("rows");
    for (RegressionCheck.Row row : result.rows()) {
      ObjectNode o =
          rows.addObject()
              .put("figure", row.figure())
              .put("name", row.name())
              .put("unit", row.unit());
      JsonFigures.number(o, "value", row.value());
      JsonFigures.number(o, "baseline", row.baseline());
      JsonFigures.number(o, "changePercent", row.changePercent());
      o.put("rule", row.rule())
          .put("warnPercent", row.warnPercent())
          .put("failPercent", row.failPercent())
          .put("level", row.level().label());
    }
    return node;
  }
}
