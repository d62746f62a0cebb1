package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mvn gatling:test -Pspike -Dquick=true}: base, burst, base; errors in the burst and recovery as figures. */
class SpikeSimulationIT {
  @TempDir Path reports;

  @Test
  void theQuickSpikeReportsBurstErrorsAndRecoverySeconds() throws Exception {
    GatlingRun.Result result = GatlingRun.run(SpikeSimulation.class, reports, "quick=true", "spike.rate=5");
    assertThat(result.exitCode()).as(result.output()).isZero();
    Path folder = result.folder().orElseThrow();
    assertThat(folder.getFileName().toString()).startsWith("spikesimulation-");
    JsonNode verification = new ObjectMapper().readTree(folder.resolve("verification.json").toFile());
    assertThat(verification.path("outcome").asText()).isEqualTo("pass");
    // 15 s at 5/s, 10 s at 50/s, 15 s at 5/s.
    assertThat(verification.path("counts").path("sent").asLong()).isBetween(550L, 700L);
    JsonNode rows = verification.path("classification").path("rows");
    assertThat(rows).extracting(r -> r.path("figure").asText()).contains("burst failed", "recovery");
    for (JsonNode row : rows) {
      if (row.path("figure").asText().equals("recovery")) {
        assertThat(row.path("unit").asText()).isEqualTo("s");
        assertThat(row.path("value").asDouble()).isBetween(0.0, 15.0);
      }
    }
  }
}
