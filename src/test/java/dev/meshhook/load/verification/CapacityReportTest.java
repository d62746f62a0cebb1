package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.evidence.DatabaseSample;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.figures.Bottleneck;
import dev.meshhook.load.figures.StepTable;
import dev.meshhook.load.figures.Usage;
import dev.meshhook.load.figures.Usl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityReportTest {
  @Test
  void theScalabilityFitTakesTheStableStepsOnlyWithLittlesConcurrency() {
    List<StepTable.Step> steps = new ArrayList<>();
    // X(N) = 100 N / (1 + 0.05 (N - 1) + 0.002 N (N - 1)) at N = 1..6, then an overloaded step
    // whose figures must not bend the fit.
    for (int n = 1; n <= 6; n++) {
      double x = 100.0 * n / (1 + 0.05 * (n - 1) + 0.002 * n * (n - 1));
      steps.add(step(n + "", x, n, StepTable.State.STABLE));
    }
    steps.add(step("over", 50, 40, StepTable.State.OVERLOADED));
    Usl usl = CapacityReport.scalability(steps);
    assertThat(usl.points()).hasSize(6);
    assertThat(usl.sigma()).isBetween(0.045, 0.055);
    assertThat(usl.verdict()).isNotEqualTo(Usl.Verdict.UNKNOWN);
    ObjectNode json = CapacityReport.uslJson(new ObjectMapper(), usl);
    assertThat(json.path("points")).hasSize(6);
    assertThat(json.path("lambda").asDouble()).isBetween(95.0, 105.0);
    assertThat(json.path("verdict").asText()).isEqualTo(usl.verdict().label());
  }

  @Test
  void aStepThatReadsStableAgainPastTheKneeIsNotFitted() {
    List<StepTable.Step> steps =
        List.of(
            step("5/s", 5, 1, StepTable.State.STABLE),
            step("65/s", 60, 3, StepTable.State.STABLE),
            step("125/s", 115, 6, StepTable.State.STABLE),
            step("185/s", 170, 12, StepTable.State.SATURATING),
            step("245/s", 220, 15, StepTable.State.STABLE));
    Usl usl = CapacityReport.scalability(steps);
    assertThat(usl.points()).extracting(Usl.Point::throughput).containsExactly(5.0, 60.0, 115.0);
    assertThat(usl.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
  }

  @Test
  void fewerThanFourStableStepsIsUnknownWithWhyAndNoFigures() {
    List<StepTable.Step> steps =
        List.of(
            step("5/s", 5, 1, StepTable.State.STABLE),
            step("20/s", 20, 2, StepTable.State.STABLE),
            step("35/s", 30, 9, StepTable.State.OVERLOADED));
    Usl usl = CapacityReport.scalability(steps);
    assertThat(usl.verdict()).isEqualTo(Usl.Verdict.UNKNOWN);
    CapacityReport.Analysis a = new CapacityReport.Analysis(steps, List.of(), null, usl, List.of());
    assertThat(a.scalabilityLine())
        .isEqualTo("scalability: unknown - 2 stable steps; the fit needs 4");
    ObjectNode json = CapacityReport.uslJson(new ObjectMapper(), usl);
    assertThat(json.path("lambda").isNull()).isTrue();
    assertThat(json.path("reason").asText()).isEqualTo("2 stable steps; the fit needs 4");
  }

  @Test
  void aTargetWithoutMetricsShowsTheDatabaseSideAndNotApplicableForTheRestNeverZero() {
    // A deployment: /metrics answered nothing, so the engine's columns are empty in every sample;
    // the database was sampled (2 active sessions, 1 of them on a lock) and so was the injector.
    double nan = Double.NaN;
    List<ResourceSampler.Sample> resources = new ArrayList<>();
    List<DatabaseSample> database = new ArrayList<>();
    for (long t = 0; t < 1000; t += 250) {
      resources.add(new ResourceSampler.Sample(t, nan, nan, nan, nan, nan, nan, nan, 7, 12, 30));
      database.add(
          new DatabaseSample(
              t,
              DatabaseSample.Activity.of(
                  List.of(
                      new DatabaseSample.Activity.Group("active", null, 1),
                      new DatabaseSample.Activity.Group("active", "Lock", 1)),
                  1,
                  5),
              DatabaseSample.Counters.unseen(),
              new DatabaseSample.Tables(nan, nan, nan, nan),
              nan));
    }
    StepTable.Step step = step("10/s", 10, 1, StepTable.State.STABLE);
    Usage u = CapacityReport.usage(step.window(), resources, database, nan);
    assertThat(u.dbActive()).isEqualTo(2);
    assertThat(u.dbLock()).isEqualTo(1);
    assertThat(u.dbCpu()).isEqualTo(1);
    assertThat(u.injectorCpu()).isEqualTo(0.3);
    assertThat(
            List.of(
                u.engineCpu(),
                u.engineGc(),
                u.poolActive(),
                u.poolPending(),
                u.queueDepth(),
                u.workersBusy(),
                u.dbCores()))
        .allMatch(v -> v.isNaN());

    List<StepTable.Step> steps = List.of(step);
    Bottleneck.Named none = Bottleneck.of(steps, List.of(u));
    CapacityReport.Analysis a =
        new CapacityReport.Analysis(
            steps, List.of(u), none, CapacityReport.scalability(steps), List.of());
    String html = CapacityReport.html(a);
    String row = html.substring(html.indexOf("<table class=\"use\">"));
    row =
        row.substring(row.indexOf("<tr><td>10/s</td>"), row.indexOf("</tr>", row.indexOf("10/s")));
    assertThat(row)
        .isEqualTo(
            "<tr><td>10/s</td><td>n/a</td><td>n/a</td><td>n/a</td><td>n/a</td><td>n/a</td>"
                + "<td>n/a</td><td>7.0</td><td>2.0</td><td>1.0</td><td>1.0</td><td>0.0</td>"
                + "<td>30.0 %</td>");
    JsonNode usage =
        CapacityReport.stepsJson(new ObjectMapper(), steps, List.of(u)).get(0).path("usage");
    assertThat(usage.path("engineCpu").isNull()).isTrue();
    assertThat(usage.path("poolPending").isNull()).isTrue();
    assertThat(usage.path("workersBusy").isNull()).isTrue();
    assertThat(usage.path("engineGc").isNull()).isTrue();
    assertThat(usage.path("dbCores").isNull()).isTrue();
    assertThat(usage.path("dbLock").asDouble()).isEqualTo(1);
  }

  private static StepTable.Step step(
      String name, double completed, double inFlight, StepTable.State state) {
    return new StepTable.Step(
        new StepTable.Window(name, 0, 1000, completed),
        completed,
        completed,
        completed,
        50,
        20,
        0,
        0,
        0,
        30,
        10,
        inFlight,
        inFlight,
        state);
  }
}
