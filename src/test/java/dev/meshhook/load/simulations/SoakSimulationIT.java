package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.verify.ResourceSampler;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Psoak -Dquick=true}, shortened: slopes with units from windows, and resources sampled from the engine. */
class SoakSimulationIT {
  @TempDir Path reports;

  @Test
  void theSoakReportsDriftAndLeakSlopesFromSampledResources() throws Exception {
    GatlingRun.Result result = GatlingRun.run(SoakSimulation.class, reports, "quick=true", "soak.rate=10",
        "soak.quick.rampDuration=2s", "soak.quick.duration=24s", "soak.quick.window=6s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "soaksimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.value("windows")).isEqualTo(4);
    assertThat(v.row("p99 drift").path("unit").asText()).isEqualTo("ms/min");
    // 24 s rarely sees an old-generation collection; the heap is then reported as not judged.
    assertThat(v.root().path("classification").path("rows").toString()).containsPattern("leak: heap (after collection trend|not judged)");
    assertThat(v.row("leak: DB connections trend").path("unit").asText()).isEqualTo("/min");
    List<ResourceSampler.Sample> samples = ResourceSampler.read(result.folder().orElseThrow());
    assertThat(samples).hasSizeGreaterThan(20);
    assertThat(samples).allSatisfy(s -> {
      assertThat(s.heapMb()).isPositive();
      assertThat(s.dbConnections()).isPositive();
      assertThat(s.dbSizeMb()).isPositive();
    });
  }
}
