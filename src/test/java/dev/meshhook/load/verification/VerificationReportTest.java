package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.charts.ReportTimelines;
import dev.meshhook.load.checker.RunChecker;
import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationReportTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final UUID TENANT = UUID.randomUUID();

  @TempDir Path folder;

  /** Three accepted webhooks whose runs were recorded and never finished. */
  private static Verdict neverFinished(List<LedgerEntry> ledger) {
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ledger.add(new LedgerEntry("tag-a-" + i, "order-created", T0 + i, 202, 202, T0 + 20, null));
      runs.add(
          new RunRecord(
              "tag-a-" + i,
              UUID.randomUUID(),
              "queued",
              Instant.ofEpochMilli(T0 + i),
              null,
              TENANT,
              TENANT,
              1,
              0,
              null,
              true,
              false,
              0));
    }
    return new RunChecker(SuiteConfig.Allowed.NONE, 3)
        .check(RunChecker.History.of("tag", ledger, runs));
  }

  @Test
  void runsThatNeverFinishedHaveNoEndToEndLatencyRatherThanZero() throws Exception {
    List<LedgerEntry> ledger = new ArrayList<>();
    Verdict verdict = neverFinished(ledger);
    assertThat(verdict.counts().stuck()).isEqualTo(3);
    assertThat(verdict.endToEnd().count()).isZero();

    assertThat(VerificationReport.summary(verdict))
        .contains("end-to-end n/a")
        .doesNotContain("0 ms");
    write(verdict, HttpFigures.of(ledger), Classification.of(List.of()));

    JsonNode e2e = json().path("endToEndMillis");
    assertThat(e2e.path("count").asInt()).isZero();
    for (String field : List.of("p50", "p95", "p99", "max")) {
      assertThat(e2e.path(field).isNull()).as(field).isTrue();
    }
    assertThat(folder.resolve(VerificationReport.HTML))
        .content()
        .contains("<tr><td>0</td><td>n/a</td><td>n/a</td><td>n/a</td><td>n/a</td></tr>");
  }

  @Test
  void noAnswerAtAllLeavesTheAnswerLatencyUnknownInBothReports() throws Exception {
    List<LedgerEntry> unanswered =
        List.of(new LedgerEntry("tag-a-1", "order-created", T0, 202, 0, 0, null));
    HttpFigures http = HttpFigures.of(unanswered);
    write(
        Verdict.unknown("tag", "nothing answered"),
        http,
        Classification.of(http, new SuiteConfig.Thresholds(2000, 5000, 1, 90), 0.2));

    JsonNode latency = json().path("http").path("latency");
    assertThat(latency.path("count").asInt()).isZero();
    assertThat(latency.path("p99").isNull()).isTrue();
    assertThat(json().path("http").path("successPercent").asDouble()).isZero();
    assertThat(folder.resolve(VerificationReport.HTML)).content().contains("answer latency n/a.");
  }

  @Test
  void anUnknownFigureShowsAsUnknownWithWhyAndAnInfoFigureAsNotApplicable() throws Exception {
    List<LedgerEntry> ledger = new ArrayList<>();
    Verdict verdict = neverFinished(ledger);
    Classification classification =
        Classification.of(
            List.of(
                Classification.atMost("event latency p95", Double.NaN, "ms", 100, 0.2),
                Classification.info("engine CPU mean", Double.NaN, "%")));
    write(verdict, HttpFigures.of(ledger), classification);

    JsonNode c = json().path("classification");
    assertThat(c.path("level").asText()).isEqualTo("unknown");
    JsonNode p95 = c.path("rows").get(0);
    assertThat(p95.path("value").isNull()).isTrue();
    assertThat(p95.path("level").asText()).isEqualTo("unknown");
    assertThat(p95.path("why").asText()).isEqualTo("no samples");
    JsonNode cpu = c.path("rows").get(1);
    assertThat(cpu.path("value").isNull()).isTrue();
    assertThat(cpu.path("level").asText()).as("an info figure is no pass").isEqualTo("info");
    assertThat(folder.resolve(VerificationReport.HTML))
        .content()
        .contains(">UNKNOWN</span></h2>")
        .contains(
            "<td class=l>event latency p95</td><td>n/a</td><td>&lt; 100 ms</td><td class=\"l bad\">unknown: no samples</td>")
        .contains("<td class=l>engine CPU mean</td><td>n/a</td><td></td><td class=l>info</td>");
  }

  private void write(Verdict verdict, HttpFigures http, Classification classification) {
    new VerificationReport()
        .write(
            folder,
            verdict,
            http,
            classification,
            new VerificationReport.Context(
                "SmokeSimulation", "embedded", "ledger", Instant.ofEpochMilli(T0), 5),
            ReportTimelines.of(List.of(), List.of(), List.of(), List.of()));
  }

  private JsonNode json() throws Exception {
    return new ObjectMapper().readTree(folder.resolve(VerificationReport.JSON).toFile());
  }
}
