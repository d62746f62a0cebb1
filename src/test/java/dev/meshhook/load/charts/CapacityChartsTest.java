package dev.meshhook.load.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.figures.StepTable;
import dev.meshhook.load.figures.Usl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityChartsTest {
  @Test
  void theOfferedChartHasOnePointPerStepAndNotMeasuredIsNullNeverZero() throws Exception {
    List<StepTable.Step> steps =
        List.of(
            step("5/s", 5, 5, 30), step("65/s", 65, 64, 40), step("125/s", 125, 90, Double.NaN));
    JsonNode json = read(steps, Usl.fit(List.of()));
    JsonNode offered = json.path("offered");
    assertThat(offered.path("x").toString()).isEqualTo("[5.0,65.0,125.0]");
    assertThat(offered.path("completed").toString()).isEqualTo("[5.0,64.0,90.0]");
    assertThat(offered.path("p99").get(2).isNull()).isTrue();
    // No fit: no curve, only the points (none here), and the verdict says unknown.
    assertThat(json.path("usl").path("verdict").asText()).isEqualTo("unknown");
    assertThat(json.path("usl").path("model")).isEmpty();
  }

  @Test
  void theUslCurveRunsThroughTheMeasuredPointsOnOneAxis() throws Exception {
    List<Usl.Point> points = new ArrayList<>();
    for (int n = 1; n <= 6; n++) {
      points.add(new Usl.Point(n, 100.0 * n / (1 + 0.05 * (n - 1) + 0.002 * n * (n - 1))));
    }
    Usl usl = Usl.fit(points);
    JsonNode u = read(List.of(), usl).path("usl");
    JsonNode x = u.path("x");
    assertThat(u.path("model")).hasSize(x.size());
    assertThat(u.path("measured")).hasSize(x.size());
    int measured = 0;
    for (int i = 0; i < x.size(); i++) {
      if (i > 0) {
        assertThat(x.get(i).asDouble()).isGreaterThan(x.get(i - 1).asDouble());
      }
      assertThat(u.path("model").get(i).asDouble())
          .isCloseTo(usl.throughputAt(x.get(i).asDouble()), within(0.01));
      JsonNode m = u.path("measured").get(i);
      if (!m.isNull()) {
        measured++;
        assertThat(m.asDouble())
            .isCloseTo(points.get((int) x.get(i).asDouble() - 1).throughput(), within(0.001));
      }
    }
    assertThat(measured).isEqualTo(6);
    // The curve goes past the last point, so the chart shows where it bends.
    assertThat(x.get(x.size() - 1).asDouble()).isGreaterThan(6);
  }

  private static JsonNode read(List<StepTable.Step> steps, Usl usl) throws Exception {
    String section = CapacityCharts.section(steps, usl);
    assertThat(section)
        .contains("id=\"capacity-offered\"", "id=\"capacity-usl\"", "lib/capacity.js");
    return new ObjectMapper().readTree(CapacityCharts.json(steps, usl));
  }

  private static StepTable.Step step(String name, double offered, double completed, double p99) {
    return new StepTable.Step(
        new StepTable.Window(name, 0, 1000, offered),
        offered,
        offered,
        completed,
        p99,
        20,
        0,
        0,
        0,
        30,
        10,
        2,
        2,
        StepTable.State.STABLE);
  }
}
