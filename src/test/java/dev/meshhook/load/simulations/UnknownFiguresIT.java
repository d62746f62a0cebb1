package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Plivelogs} against a target whose runs never finish (every run recorded and never
 * queued): each stream gets only its catch-up event, so the event latency the profile is classified
 * by has no samples, and no run gives an end-to-end latency. Unknown is never a pass: the run fails
 * naming those figures, and the latency over no finished run reads n/a, not 0 ms.
 */
@Tag("side-by-side")
class UnknownFiguresIT {
  @TempDir Path reports;

  @Test
  void aClassifiedFigureWithoutSamplesFailsTheBuildNamingIt() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            LiveLogsSimulation.class,
            reports,
            "quick=true",
            "livelogs.rate=3",
            "livelogs.quick.rampDuration=1s",
            "livelogs.quick.duration=4s",
            "livelogs.followTimeout=3s",
            "verify.drainTimeout=5s",
            "engine.fault=stuck",
            "engine.faultEvery=1");

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    VerificationJson v = VerificationJson.of(result, "livelogssimulation-");
    assertThat(v.count("accepted")).isPositive().isEqualTo(v.count("stuck"));
    assertThat(v.value("live events")).isZero();
    assertThat(v.classification()).isEqualTo("unknown");
    for (String figure : List.of("event latency p95", "event latency p99")) {
      JsonNode row = v.row(figure);
      assertThat(row.path("level").asText()).as(figure).isEqualTo("unknown");
      assertThat(row.path("why").asText()).as(figure).isEqualTo("no samples");
      assertThat(row.path("value").isNull()).as(figure).isTrue();
    }
    assertThat(result.output())
        .contains("classification UNKNOWN fails the run: event latency p95 unknown: no samples")
        .contains("event latency p99 unknown: no samples")
        .contains("verify: classification: count of failed events is 0.0 : false");

    // No run finished: its latency is n/a in the console and both reports, null in the JSON.
    JsonNode endToEnd = v.root().path("endToEndMillis");
    assertThat(endToEnd.path("count").asInt()).isZero();
    for (String field : List.of("p50", "p95", "p99", "max")) {
      assertThat(endToEnd.path(field).isNull()).as(field).isTrue();
    }
    assertThat(result.output()).contains("end-to-end n/a").doesNotContain("end-to-end p50 0 ms");
    Path folder = result.folder().orElseThrow();
    assertThat(folder.resolve("verification.html"))
        .content()
        .contains("<td>n/a</td><td>n/a</td><td>n/a</td><td>n/a</td>");
    JsonNode results = new ObjectMapper().readTree(folder.resolve("results.json").toFile());
    assertThat(results.path("classification").path("level").asText()).isEqualTo("unknown");
    assertThat(results.path("figures").path("endToEndP99Ms").isNull()).isTrue();
    assertThat(Files.readString(folder.resolve("junit.xml")))
        .contains("<failure message=\"event latency p95 unknown: no samples");
    GatlingRun.assertNothingLeftRunning(folder);
  }
}
