package dev.meshhook.load.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
