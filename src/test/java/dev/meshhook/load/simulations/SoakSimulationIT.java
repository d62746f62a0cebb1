package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Psoak -Dquick=true}, shortened: slopes with units from windows, and resources sampled
 * from the engine. The engine gets a 128 MB heap, so its collector has already run while it started
 * and it publishes its live data from the first sample on: the heap trend is judged, every time.
 * (With the default 512 MB, 24 s sometimes saw no collection and the heap was "not judged".)
 *
 * <p>The drift and leak limits are meant for hours. Over 24 s the slopes are the engine warming up
 * (a p99 from 10 to 40 ms in 18 s is 100 ms/min; the pool growing from 2 to 10 connections is
 * 27/min), so a slower machine failed the default limits on a healthy engine. This test widens them
 * and checks what a short run can show: the slopes are fitted, judged and carry units.
 * SoakFiguresTest shows each limit failing a real drift or leak.
 */
class SoakSimulationIT {
  @TempDir Path reports;

  @Test
  void theSoakReportsDriftAndLeakSlopesFromSampledResources() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            SoakSimulation.class,
            reports,
            "quick=true",
            "soak.rate=10",
            "soak.quick.rampDuration=2s",
            "soak.quick.duration=24s",
            "soak.quick.window=6s",
            "soak.maxP99SlopeMsPerMin=10000",
            "soak.maxHeapSlopeMbPerMin=10000",
            "soak.maxConnectionSlopePerMin=10000",
            "engine.heap=128m");
    assertThat(result.exitCode()).as(result.output()).isZero();
    VerificationJson v = VerificationJson.of(result, "soaksimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.value("windows")).isEqualTo(4);
    assertThat(v.row("p99 drift").path("unit").asText()).isEqualTo("ms/min");
    assertThat(v.value("leak: heap after collection trend")).isFinite();
    assertThat(v.row("leak: heap after collection trend").path("unit").asText())
        .isEqualTo("MB/min");
    assertThat(v.value("p99 drift")).as("judged over 4 windows").isFinite();
    assertThat(v.row("p99 drift").path("level").asText()).isEqualTo("pass");
    assertThat(v.row("leak: DB connections trend").path("unit").asText()).isEqualTo("/min");
    List<ResourceSampler.Sample> samples = ResourceSampler.read(result.folder().orElseThrow());
    assertThat(samples).hasSizeGreaterThan(20);
    assertThat(samples)
        .allSatisfy(
            s -> {
              assertThat(s.heapMb()).isPositive();
              assertThat(s.dbConnections()).isPositive();
              assertThat(s.dbSizeMb()).isPositive();
              assertThat(s.liveDataMb())
                  .as("live data after collection, published from the start")
                  .isPositive();
            });
  }
}
