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
      """;

  @Test
  void sumsTheSamplesOfAMetricWhoseLabelsMatch() {
    ResourceSampler.PrometheusText text = new ResourceSampler.PrometheusText(METRICS);
    assertThat(text.sum("jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(3.145728E7);
    assertThat(text.sum("jvm_memory_used_bytes", "Old Gen")).isEqualTo(2.097152E7);
    assertThat(text.sum("process_cpu_usage", "")).isEqualTo(0.25);
    assertThat(text.sum("hikaricp_connections_active", "")).isEqualTo(3);
    assertThat(text.sum("meshhook_queue_depth", "")).isEqualTo(7);
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
            + "2000\t10.0\t5.0\t4.0\t20.0\t3\t0\t1\t12\t8.00\n");
    List<ResourceSampler.Sample> samples = ResourceSampler.read(folder);
    assertThat(samples).hasSize(2);
    assertThat(samples.get(0).injectorCpuPercent()).isEqualTo(85.5);
    // An older run's file: its injector's CPU was not measured, not 0.
    assertThat(samples.get(1).injectorCpuPercent()).isNaN();
    assertThat(samples.get(1).dbSizeMb()).isEqualTo(8.0);
  }
}
