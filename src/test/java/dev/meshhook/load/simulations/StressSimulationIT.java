package dev.meshhook.load.simulations;

import static dev.meshhook.load.testing.JsonRead.number;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pstress -Dquick=true} with three levels: 5, 20 and 35 webhooks/s, against an engine whose
 * token bucket allows 15 webhooks/s per project (15 at once). acme takes two thirds of the mix (the
 * mix is a deterministic round robin): 13.3/s at 20 fits, 23.3/s at 35 does not, and the excess is
 * shed with 429 and Retry-After. The breaking point is therefore 20 on any machine: it comes from
 * the rate limit, and these rates are far below what the CPU of even a small machine sustains.
 */
class StressSimulationIT {
  @TempDir Path reports;

  @Test
  void theStairsFindTheBreakingPointAndOnlyPoliteSheddingBeyondIt() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            StressSimulation.class,
            reports,
            "quick=true",
            "stress.quick.levels=3",
            "stress.quick.step=15",
            "stress.quick.levelDuration=5s",
            "stress.quick.rampDuration=1s",
            "stress.quick.recoveryDuration=8s",
            "stress.minBreakingPoint=10",
            "engine.rateLimit.perSecond=15",
            "engine.rateLimit.burst=15");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "stresssimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.count("missing") + v.count("duplicated") + v.count("stuck")).isZero();
    assertThat(v.row("level 5/s p99").path("unit").asText()).isEqualTo("ms");
    assertThat(v.value("breaking point")).isEqualTo(20);
    assertThat(v.row("breaking point").path("unit").asText()).isEqualTo("webhooks/s");
    assertThat(v.value("broke at")).isEqualTo(35);
    assertThat(v.value("level 20/s failed")).isZero();
    assertThat(v.value("level 35/s failed")).isGreaterThan(1);
    assertThat(v.value("shed politely (429/503 with Retry-After)")).isPositive();
    assertThat(v.value("other failed answers")).isZero();
    assertThat(v.value("recovery")).isBetween(0.0, 8.0);
    assertThat(result.output()).contains("breaking point 20 webhooks/s");

    // Why it broke: the limiter (15/s a project) answered 429 from 35/s on, and the analysis says
    // so from the answers themselves, not from knowing the knob.
    JsonNode steps = v.root().path("steps");
    assertThat(steps).hasSize(3);
    assertThat(steps.get(2).path("step").asText()).isEqualTo("35/s");
    assertThat(steps.get(2).path("state").asText()).isEqualTo("overloaded");
    assertThat(number(steps.get(2), "rateLimitedPercent")).isGreaterThan(1);
    assertThat(number(steps.get(1), "rateLimitedPercent")).isZero();
    assertThat(number(steps.get(1), "completedPerSec")).isPositive();
    JsonNode bottleneck = v.root().path("bottleneck");
    assertThat(bottleneck.path("named").asText()).isEqualTo("rate-limit");
    assertThat(bottleneck.path("atStep").asText()).isEqualTo("35/s");
    assertThat(bottleneck.path("evidence").get(0).asText()).startsWith("429 on ");
    JsonNode first = v.root().path("recommendations").get(0);
    assertThat(first.path("rank").asInt()).isEqualTo(1);
    assertThat(first.path("resource").asText()).isEqualTo("rate-limit");
    assertThat(result.output()).contains("bottleneck at 35/s: rate-limit (429 on ");
    // Two stable steps are too few for a scalability fit: said, never a made-up curve.
    JsonNode usl = v.root().path("scalability").path("usl");
    assertThat(usl.path("verdict").asText()).isEqualTo("unknown");
    assertThat(usl.path("lambda").isNull()).isTrue();
    assertThat(result.output()).contains("scalability: unknown - 2 stable steps; the fit needs 4");
    assertThat(result.folder().orElseThrow().resolve("verification.html"))
        .content()
        .contains("<h2>Bottleneck and scalability</h2>");
    assertThat(reports.resolve("index.html"))
        .content()
        .contains("<td class=l>rate-limit at 35/s</td>");
  }
}
