package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.figures.StepTable;
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
