package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportsTest {
  @TempDir Path folder;

  private String bottleneckOf(String json) throws Exception {
    Files.writeString(folder.resolve(VerificationReport.JSON), json);
    return LoadReports.bottleneck(folder);
  }

  @Test
  void theIndexNamesAStressRunsBottleneckAndAScalingRunsVerdict() throws Exception {
    assertThat(bottleneckOf("{\"bottleneck\": {\"named\": \"rate-limit\", \"atStep\": \"245/s\"}}"))
        .isEqualTo("rate-limit at 245/s");
    assertThat(
            bottleneckOf(
                "{\"scaling\": {\"verdict\": \"contention-limited\", \"points\": ["
                    + "{\"replicas\": 1, \"efficiency\": 1.0},"
                    + " {\"replicas\": 2, \"efficiency\": 0.4918}]}}"))
        .isEqualTo("scaling: contention-limited, efficiency 0.49 at 2 replicas");
    // An unknown verdict shows no figure it discarded.
    assertThat(
            bottleneckOf(
                "{\"scaling\": {\"verdict\": \"unknown\", \"points\": ["
                    + "{\"replicas\": 1, \"efficiency\": 1.0},"
                    + " {\"replicas\": 4, \"efficiency\": 0.23}]}}"))
        .isEqualTo("scaling: unknown");
    // One count, or an efficiency not measured: the verdict alone.
    assertThat(
            bottleneckOf(
                "{\"scaling\": {\"verdict\": \"unknown\", \"points\": ["
                    + "{\"replicas\": 1, \"efficiency\": null}]}}"))
        .isEqualTo("scaling: unknown");
    assertThat(bottleneckOf("{\"outcome\": \"pass\"}")).isNull();
  }
}
