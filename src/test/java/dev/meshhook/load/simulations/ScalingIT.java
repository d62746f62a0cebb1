package dev.meshhook.load.simulations;

import static dev.meshhook.load.testing.JsonRead.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.evidence.ScaleLog;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pscaling -Dquick=true -Dscaling.replicas=1,2} on a workload whose capacity is known:
 * every run is one 400 ms call, so a replica's 8 workers finish at most 20 runs a second, and two
 * replicas 40, whatever the CPU (the workers wait, they do not compute). Stairs of 5, 17, 29, 41
 * and 53 webhooks/s then break one replica at 17 or 29, and two only above 29. Since the ceiling is
 * waiting workers and not the machine, the test may share the machine with another.
 */
@Tag("side-by-side")
class ScalingIT {
  @TempDir Path reports;

  @Test
  void twoReplicasFinishAboutTwiceTheRunsOfOneAndTheTableSaysSo() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            ScalingSimulation.class,
            reports,
            "quick=true",
            "scaling.replicas=1,2",
            "feeder.workflows=workflows-slow-call-only.csv",
            "scaling.baseRate=5",
            "scaling.quick.step=12",
            "scaling.quick.levels=5",
            "scaling.quick.levelDuration=5s",
            "scaling.quick.rampDuration=1s",
            "scaling.quick.recoveryDuration=4s",
            "scaling.minBreakingPoint=5");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "scalingsimulation-");
    // One verification over both counts' runs.
    assertThat(v.outcome()).isEqualTo("pass");
    for (String verdict : List.of("failed", "missing", "duplicated", "stuck", "replay")) {
      assertThat(v.count(verdict)).as(verdict).isZero();
    }
    // Each count's stairs judged as stress judges its own. Intake answers at once whatever the
    // backlog, so every level's answers stay within the thresholds: the top is the breaking point.
    assertThat(v.row("1 replica: breaking point").path("unit").asText()).isEqualTo("webhooks/s");
    assertThat(v.value("1 replica: breaking point")).isEqualTo(53);
    assertThat(v.value("2 replicas: breaking point")).isEqualTo(53);
    assertThat(v.value("2 replicas: other failed answers")).isZero();

    JsonNode scaling = v.root().path("scaling");
    assertThat(scaling.path("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    JsonNode points = scaling.path("points");
    assertThat(points).hasSize(2);
    JsonNode one = points.get(0), two = points.get(1);
    assertThat(one.path("replicas").asInt()).isEqualTo(1);
    assertThat(two.path("replicas").asInt()).isEqualTo(2);
    String table = String.join("\n", tableOf(result.output()));
    assertThat(one.path("kneeReached").asBoolean()).as(table).isTrue();
    assertThat(two.path("kneeReached").asBoolean()).as(table).isTrue();
    assertThat(number(one, "kneeRate")).as(table).isBetween(17.0, 29.0);
    assertThat(number(two, "kneeRate")).as(table).isGreaterThan(29.0);
    // 8 workers of 400 ms calls: at most 20 runs a second, and most of it at the knee.
    double x1 = number(one, "throughput"), x2 = number(two, "throughput");
    assertThat(x1).as(table).isBetween(12.0, 21.0);
    assertThat(x2).as(table).isGreaterThan(1.4 * x1);
    assertThat(number(one, "efficiency")).isEqualTo(1.0);
    assertThat(number(two, "efficiency")).isCloseTo(x2 / (2 * x1), within(0.002));
    assertThat(one.path("steps")).hasSize(5);
    assertThat(one.path("bottleneck").path("named").asText()).isNotEmpty();
    // Two counts cannot fit three parameters: said, and the verdict rests on efficiency.
    JsonNode usl = scaling.path("usl");
    assertThat(usl.path("verdict").asText()).isEqualTo("unknown");
    assertThat(usl.path("reason").asText()).contains("2 replica counts");
    assertThat(scaling.path("verdict").asText()).isIn("linear", "contention-limited");
    assertThat(scaling.path("basis").asText()).startsWith("by efficiency at 2 replicas");
    assertThat(result.output())
        .contains("scaling: replicas  knee")
        .contains("scaling: " + scaling.path("verdict").asText() + " - by efficiency")
        .contains("on " + Runtime.getRuntime().availableProcessors() + " cores");

    // The second replica served only the second count: it had not started before it.
    Path folder = result.folder().orElseThrow();
    // One scale-out, after the first count's runs had all finished, the replica started.
    List<ScaleLog.ScaleOut> scaleOuts = ScaleLog.read(folder);
    assertThat(scaleOuts).hasSize(1);
    assertThat(scaleOuts.get(0).replicas()).isEqualTo(2);
    assertThat(scaleOuts.get(0).clean()).as(scaleOuts.get(0).toString()).isTrue();
    assertThat(scaleOuts.get(0).startEpochMs())
        .isBetween(
            one.path("steps").get(4).path("toMs").asLong(),
            two.path("steps").get(0).path("fromMs").asLong());
    List<ResourceSampler.ReplicaSample> samples = ResourceSampler.readReplicas(folder);
    long secondFrom = two.path("steps").get(0).path("fromMs").asLong();
    long firstTo = one.path("steps").get(4).path("toMs").asLong();
    assertThat(samples)
        .filteredOn(s -> s.replica() == 1 && s.epochMs() < firstTo)
        .isNotEmpty()
        .allMatch(s -> Double.isNaN(s.answered()));
    assertThat(samples)
        .filteredOn(s -> s.replica() == 1 && s.epochMs() >= secondFrom)
        .anyMatch(s -> s.answered() > 0 && s.runsFinished() > 0);
    assertThat(folder.resolve("verification.html")).content().contains("<h2>Scaling out</h2>");
    assertThat(reports.resolve("index.html"))
        .content()
        .contains("scaling: " + scaling.path("verdict").asText() + ", efficiency ");
    GatlingRun.assertNothingLeftRunning(folder);
  }

  @Test
  void againstADeploymentItStopsBeforeAnythingStarts() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            ScalingSimulation.class,
            reports,
            "scaling.replicas=1",
            "target.url=http://127.0.0.1:9",
            "target.jdbcUrl=jdbc:postgresql://127.0.0.1:9/meshhook",
            "target.webhookSecret=not-used");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("config error: target.url = 'http://127.0.0.1:9' is not allowed")
        .contains("which starts the replicas it measures")
        .doesNotContain("engine: reference engine pid");
    assertThat(result.folder()).isEmpty();
  }

  /** The run's scaling table and verdict lines, to show beside a failed figure. */
  private static List<String> tableOf(String output) {
    return output.lines().filter(line -> line.startsWith("scaling: ")).toList();
  }
}
