package dev.meshhook.load.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceSamplerTest {
  private static final String METRICS =
      """
      # HELP jvm_memory_used_bytes The amount of used memory
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.097152E7
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
      process_cpu_usage 0.25
      hikaricp_connections_active{pool="engine"} 3.0
      meshhook_queue_depth 7.0
      meshhook_workers_busy 6.0
      meshhook_http_connections_opened_total 42.0
      jvm_gc_pause_seconds_sum{action="end of minor GC",cause="Allocation Failure",gc="Copy"} 0.25
      jvm_gc_pause_seconds_sum{action="end of major GC",cause="Allocation Failure",gc="MarkSweepCompact"} 0.5
      """;

  @Test
  void sumsTheSamplesOfAMetricWhoseLabelsMatch() {
    ResourceSampler.PrometheusText text = new ResourceSampler.PrometheusText(METRICS);
    assertThat(text.sum("jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(3.145728E7);
    assertThat(text.sum("jvm_memory_used_bytes", "Old Gen")).isEqualTo(2.097152E7);
    assertThat(text.sum("process_cpu_usage", "")).isEqualTo(0.25);
    assertThat(text.sum("hikaricp_connections_active", "")).isEqualTo(3);
    assertThat(text.sum("meshhook_queue_depth", "")).isEqualTo(7);
    assertThat(text.sum("meshhook_workers_busy", "")).isEqualTo(6);
    assertThat(ResourceSampler.EngineFigures.of(text).connectionsOpened()).isEqualTo(42);
    // Pauses of every collector and cause, summed: the engine's time paused so far.
    assertThat(text.sum("jvm_gc_pause_seconds_sum", "")).isEqualTo(0.75);
  }

  @Test
  void aMetricTheTargetDoesNotPublishIsNotANumber() {
    assertThat(
            new ResourceSampler.PrometheusText(METRICS).sum("jvm_memory_used_bytes", "Tenured Gen"))
        .isNaN();
    assertThat(new ResourceSampler.PrometheusText(METRICS).sum("hikaricp_connections_pending", ""))
        .isNaN();
  }

  @Test
  void readsTheInjectorsCpuAndFilesWrittenBeforeItWasSampled(@TempDir Path folder)
      throws Exception {
    Files.writeString(
        folder.resolve(ResourceSampler.FILE_NAME),
        ResourceSampler.HEADER
            + "\n1000\t10.0\t5.0\t4.0\t20.0\t3\t0\t1\t12\t8.00\t85.5\n"
            + "2000\t10.0\t5.0\t4.0\t20.0\t3\t0\t1\t12\t8.00\n"
            + "3000\t10.0\t5.0\t4.0\t20.0\t3\t0\t1\t12\t8.00\t40.0\t16\t6\t8\t0.7500\n"
            + "4000\t10.0\t5.0\t4.0\t20.0\tNaN\tNaN\tNaN\t12\t8.00\t40.0\tNaN\tNaN\tNaN\tNaN\n"
            + "5000\t10.0\t5.0\t4.0\t20.0\t3\t0\t1\t12\t8.00\t40.0\t16\t6\t8\t0.7500\t310\n");
    List<ResourceSampler.Sample> samples = ResourceSampler.read(folder);
    assertThat(samples).hasSize(5);
    assertThat(samples.get(4).connectionsOpened()).isEqualTo(310);
    assertThat(samples.get(2).connectionsOpened())
        .as("a file written before connections were counted")
        .isNaN();
    assertThat(samples.get(2).poolMax()).isEqualTo(16);
    assertThat(samples.get(2).workersBusy()).isEqualTo(6);
    assertThat(samples.get(2).workers()).isEqualTo(8);
    assertThat(samples.get(2).gcPauseSeconds()).isEqualTo(0.75);
    // A target without /metrics: the engine's columns are not numbers, never 0.
    assertThat(samples.get(3).workersBusy()).isNaN();
    assertThat(samples.get(3).poolActive()).isNaN();
    assertThat(samples.get(0).workersBusy())
        .as("a file written before workers were sampled")
        .isNaN();
    assertThat(samples.get(0).injectorCpuPercent()).isEqualTo(85.5);
    // An older run's file: its injector's CPU was not measured, not 0.
    assertThat(samples.get(1).injectorCpuPercent()).isNaN();
    assertThat(samples.get(1).dbSizeMb()).isEqualTo(8.0);
  }
}
