package dev.meshhook.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.charts.ReportTimelines;
import dev.meshhook.load.checker.RunChecker;
import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.Regression;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.verification.VerificationReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ResultsJsonTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final UUID TENANT = UUID.randomUUID();
  private static final Regression.Tolerances TOLERANCES =
      new Regression.Tolerances(10, 25, 25, 50, 50);

  @TempDir Path folder;

  @Test
  void resultsAndJUnitCountAgreeWithVerificationJson() throws Exception {
    // Four accepted, one of them lost (no run), one rejected: verification fails on "missing".
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      ledger.add(
          new LedgerEntry("tag-a-" + i, "order-created", T0 + i, 202, 202, T0 + i + 30, null));
      if (i != 3) {
        runs.add(run("tag-a-" + i));
      }
    }
    ledger.add(new LedgerEntry("tag-a-5", "order-created", T0 + 5, 401, 401, T0 + 9, null));
    Verdict verdict =
        new RunChecker(SuiteConfig.Allowed.NONE, 5)
            .check(RunChecker.History.of("tag", ledger, runs));
    HttpFigures http = HttpFigures.of(ledger);
    Classification classification =
        Classification.of(
            http,
            new SuiteConfig.Thresholds(2000, 5000, 1, 90),
            0.2,
            List.of(Classification.info("DB size at end", 12, "MB")));
    new VerificationReport()
        .write(
            folder,
            verdict,
            http,
            classification,
            new VerificationReport.Context(
                "SmokeSimulation", "embedded", "ledger", Instant.ofEpochMilli(T0), 5),
            ReportTimelines.of(ledger, runs, List.of(), List.of()));
    LoadFigures figures = LoadFigures.of(verdict, http);
    RegressionCheck.Result regression =
        RegressionCheck.check(
            figures,
            new Baseline(
                Optional.of(new LoadFigures(100, 10, 10, 100, 0, 0)),
                "pinned baseline b.json",
                List.of()),
            TOLERANCES);
    LoadSummary summary =
        new LoadSummary(
            LoadSummary.SCHEMA,
            folder.getFileName().toString(),
            "SmokeSimulation",
            "smoke",
            Instant.ofEpochMilli(T0).toString(),
            "abc1234",
            "embedded",
            LoadSummary.status("fail", "fail", regression.level().label()),
            "fail",
            "fail",
            regression.level().label(),
            regression.summary(),
            figures,
            null);
    LoadResults results =
        new LoadResults(summary, verdict, http, classification, regression, TOLERANCES);

    new ResultsJson().write(folder, results);
    new JUnitReport().write(folder, results);

    ObjectMapper json = new ObjectMapper();
    JsonNode verification = json.readTree(folder.resolve(VerificationReport.JSON).toFile());
    JsonNode written = json.readTree(folder.resolve(ResultsJson.FILE_NAME).toFile());
    assertThat(written.path("schema").asText()).isEqualTo("meshhook-load/results/v1");
    assertThat(written.path("status").asText()).isEqualTo("fail");
    assertThat(written.path("verification").path("counts")).isEqualTo(verification.path("counts"));
    assertThat(written.path("verification").path("outcome"))
        .isEqualTo(verification.path("outcome"));
    assertThat(written.path("verification").path("anomalies").size())
        .isEqualTo(verification.path("anomalies").size());
    assertThat(written.path("classification").path("rows").size())
        .isEqualTo(verification.path("classification").path("rows").size());
    assertThat(written.path("figures").path("lost").asLong())
        .isEqualTo(verification.path("counts").path("missing").asLong())
        .isEqualTo(1);
    assertThat(written.path("regression").path("rows").size()).isEqualTo(4);

    Document xml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(folder.resolve(JUnitReport.FILE_NAME).toFile());
    Element verificationSuite = suite(xml, "verification");
    long anomalies = verification.path("anomalies").size();
    long badAnomalies = 0;
    for (JsonNode a : verification.path("anomalies")) {
      badAnomalies += a.path("ok").asBoolean() ? 0 : 1;
    }
    assertThat(Long.parseLong(verificationSuite.getAttribute("tests")))
        .isEqualTo(anomalies + 1); // + "verdict known"
    assertThat(Long.parseLong(verificationSuite.getAttribute("failures")))
        .isEqualTo(badAnomalies)
        .isEqualTo(1);
    long judged = 0;
    long failedRows = 0;
    for (JsonNode row : verification.path("classification").path("rows")) {
      judged += row.path("threshold").isNull() ? 0 : 1;
      failedRows += row.path("level").asText().equals("fail") ? 1 : 0;
    }
    Element classificationSuite = suite(xml, "classification");
    assertThat(Long.parseLong(classificationSuite.getAttribute("tests")))
        .isEqualTo(judged)
        .isEqualTo(4);
    assertThat(Long.parseLong(classificationSuite.getAttribute("failures"))).isEqualTo(failedRows);
    Element root = xml.getDocumentElement();
    assertThat(Integer.parseInt(root.getAttribute("tests")))
        .isEqualTo(written.path("junit").path("tests").asInt())
        .isEqualTo(xml.getElementsByTagName("testcase").getLength());
    assertThat(Integer.parseInt(root.getAttribute("failures")))
        .isEqualTo(written.path("junit").path("failures").asInt())
        .isEqualTo(xml.getElementsByTagName("failure").getLength());
    NodeList failures = xml.getElementsByTagName("failure");
    assertThat(((Element) failures.item(0)).getAttribute("message"))
        .isEqualTo("1 missing, 0 allowed; e.g. tag-a-3");
  }

  @Test
  void anUnknownFigureIsUnknownInResultsJsonJUnitAndTheRunStatus() throws Exception {
    List<LedgerEntry> ledger =
        List.of(new LedgerEntry("tag-a-1", "order-created", T0, 202, 202, T0 + 30, null));
    Verdict verdict =
        new RunChecker(SuiteConfig.Allowed.NONE, 5)
            .check(RunChecker.History.of("tag", ledger, List.of(run("tag-a-1"))));
    HttpFigures http = HttpFigures.of(ledger);
    Classification classification =
        Classification.of(
            http,
            new SuiteConfig.Thresholds(2000, 5000, 1, 90),
            0.2,
            List.of(
                Classification.atMost("event latency p95", Double.NaN, "ms", 100, 0.2),
                Classification.info("engine CPU mean", Double.NaN, "%")));
    String outcome = verdict.outcome().name().toLowerCase(java.util.Locale.ROOT);
    String level = classification.level().label();
    LoadSummary summary =
        new LoadSummary(
            LoadSummary.SCHEMA,
            folder.getFileName().toString(),
            "LiveLogsSimulation",
            "livelogs",
            Instant.ofEpochMilli(T0).toString(),
            "abc1234",
            "embedded",
            LoadSummary.status(outcome, level, "none"),
            outcome,
            level,
            "none",
            "no baseline yet",
            LoadFigures.of(verdict, http),
            null);
    RegressionCheck.Result none =
        new RegressionCheck.Result(RegressionCheck.Level.NONE, "no baseline yet", List.of());
    LoadResults results = new LoadResults(summary, verdict, http, classification, none, TOLERANCES);

    new ResultsJson().write(folder, results);
    new JUnitReport().write(folder, results);

    JsonNode written = new ObjectMapper().readTree(folder.resolve(ResultsJson.FILE_NAME).toFile());
    assertThat(written.path("verification").path("outcome").asText()).isEqualTo("pass");
    assertThat(written.path("status").asText()).isEqualTo("unknown");
    assertThat(written.path("classification").path("level").asText()).isEqualTo("unknown");
    JsonNode rows = written.path("classification").path("rows");
    JsonNode p95 = rows.get(4);
    assertThat(p95.path("figure").asText()).isEqualTo("event latency p95");
    assertThat(p95.path("value").isNull()).isTrue();
    assertThat(p95.path("level").asText()).isEqualTo("unknown");
    assertThat(p95.path("why").asText()).isEqualTo("no samples");
    JsonNode cpu = rows.get(5);
    assertThat(cpu.path("value").isNull()).isTrue();
    assertThat(cpu.path("level").asText()).isEqualTo("info");
    assertThat(cpu.has("why")).isFalse();

    Document xml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(folder.resolve(JUnitReport.FILE_NAME).toFile());
    NodeList failures = xml.getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(1);
    assertThat(((Element) failures.item(0)).getAttribute("message"))
        .isEqualTo("event latency p95 unknown: no samples (< 100 ms)");
    assertThat(suite(xml, "classification").getAttribute("failures")).isEqualTo("1");
  }

  @Test
  void figuresOfARunWithNothingToMeasureAreNotZero() throws Exception {
    // Accepted but never finished, and a verdict without counts: nothing to take figures from.
    List<LedgerEntry> ledger =
        List.of(new LedgerEntry("tag-a-1", "order-created", T0, 202, 202, T0 + 30, null));
    Verdict stuck =
        new RunChecker(SuiteConfig.Allowed.NONE, 5)
            .check(RunChecker.History.of("tag", ledger, List.of()));
    LoadFigures figures = LoadFigures.of(stuck, HttpFigures.of(ledger));
    assertThat(figures.endToEndP99Ms()).isNaN();
    assertThat(figures.httpP99Ms()).isEqualTo(30);
    LoadFigures unknown =
        LoadFigures.of(Verdict.unknown("tag", "no database"), HttpFigures.of(List.of()));
    assertThat(unknown.throughputPerSecond()).isNaN();
    assertThat(unknown.httpP95Ms()).isNaN();
    assertThat(unknown.httpP99Ms()).isNaN();
  }

  @Test
  void theRunStatusIsAKnownFailureFirstThenUnknownThenWarn() {
    assertThat(LoadSummary.status("pass", "pass", "none")).isEqualTo("pass");
    assertThat(LoadSummary.status("pass", "warn", "pass")).isEqualTo("warn");
    assertThat(LoadSummary.status("pass", "unknown", "warn")).isEqualTo("unknown");
    assertThat(LoadSummary.status("unknown", "pass", "none")).isEqualTo("unknown");
    assertThat(LoadSummary.status("pass", "pass", "unknown")).isEqualTo("unknown");
    assertThat(LoadSummary.status("fail", "unknown", "none")).isEqualTo("fail");
    assertThat(LoadSummary.status("unknown", "pass", "fail")).isEqualTo("fail");
  }

  private static Element suite(Document xml, String name) {
    NodeList suites = xml.getElementsByTagName("testsuite");
    for (int i = 0; i < suites.getLength(); i++) {
      Element e = (Element) suites.item(i);
      if (e.getAttribute("name").equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no testsuite " + name);
  }

  private static RunRecord run(String loadId) {
    return new RunRecord(
        loadId,
        UUID.randomUUID(),
        "succeeded",
        Instant.ofEpochMilli(T0 + 1),
        Instant.ofEpochMilli(T0 + 100),
        TENANT,
        TENANT,
        4,
        1,
        "run_completed",
        true,
        true,
        0);
  }
}
