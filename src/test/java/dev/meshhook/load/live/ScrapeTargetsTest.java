package dev.meshhook.load.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-discovery targets Prometheus reads: their shape, and gone once the run ends. */
class ScrapeTargetsTest {
  @TempDir Path dir;

  @Test
  void theSuiteAndTheEngineAreWrittenAsTargetGroupsAndDeletedAtClose() throws Exception {
    Path folder = dir.resolve("live-targets");
    ScrapeTargets targets =
        ScrapeTargets.write(
            folder, "20261202T1200000abc", "inj1", 41234, "http://127.0.0.1:8080", "/metrics");
    assertThat(targets.files())
        .containsExactly(
            folder.resolve("20261202T1200000abc-inj1-suite.json"),
            folder.resolve("20261202T1200000abc-inj1-engine.json"));
    ObjectMapper json = new ObjectMapper();
    JsonNode suite = json.readTree(targets.files().get(0).toFile());
    assertThat(suite.get(0).path("targets").get(0).asText()).isEqualTo("127.0.0.1:41234");
    assertThat(suite.get(0).path("labels").isEmpty())
        .as("the suite's series carry run_tag and injector already")
        .isTrue();
    JsonNode engine = json.readTree(targets.files().get(1).toFile()).get(0);
    assertThat(engine.path("targets").get(0).asText()).isEqualTo("127.0.0.1:8080");
    assertThat(engine.path("labels").path("__metrics_path__").asText()).isEqualTo("/metrics");
    assertThat(engine.path("labels").path("__scheme__").asText()).isEqualTo("http");
    assertThat(engine.path("labels").path("run_tag").asText()).isEqualTo("20261202T1200000abc");
    try (var names = Files.list(folder)) {
      assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }

    targets.close();
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void aKilledRunsFilesAreDeletedAtTheNextStartAndALiveRunsAreKept() throws Exception {
    Path folder = dir.resolve("live-targets");
    try (java.net.ServerSocket live =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ScrapeTargets running =
          ScrapeTargets.write(
              folder, "tagLive", "inj1", live.getLocalPort(), "http://127.0.0.1:8080", "/metrics");
      int dead;
      try (java.net.ServerSocket gone =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        dead = gone.getLocalPort();
      }
      // Written as a run killed with -9 leaves them: never closed.
      ScrapeTargets.write(folder, "tagKilled", "inj1", dead, "http://127.0.0.1:8080", "/metrics");
      try (ScrapeTargets next =
          ScrapeTargets.write(
              folder, "tagNext", "inj1", live.getLocalPort(), "http://127.0.0.1:8080", "")) {
        try (var names = Files.list(folder)) {
          assertThat(names.map(p -> p.getFileName().toString()))
              .containsExactlyInAnyOrder(
                  "tagLive-inj1-suite.json", "tagLive-inj1-engine.json", "tagNext-inj1-suite.json");
        }
      }
      running.close();
    }
  }

  @Test
  void aTargetBehindAPathPrefixServesItsMetricsUnderIt() throws Exception {
    try (ScrapeTargets t =
        ScrapeTargets.write(
            dir, "tag3", "inj1", 41234, "https://hooks.example.org/meshhook/", "/metrics")) {
      JsonNode engine = new ObjectMapper().readTree(t.files().get(1).toFile()).get(0);
      assertThat(engine.path("labels").path("__metrics_path__").asText())
          .isEqualTo("/meshhook/metrics");
    }
  }

  @Test
  void noEngineTargetWithoutAMetricsPathAndAnHttpsTargetKeepsItsDefaultPort() throws Exception {
    try (ScrapeTargets none =
        ScrapeTargets.write(dir, "tag1", "inj1", 41234, "https://hooks.example.org", "")) {
      assertThat(none.files()).hasSize(1);
    }
    try (ScrapeTargets https =
        ScrapeTargets.write(dir, "tag2", "inj1", 41234, "https://hooks.example.org", "/metrics")) {
      JsonNode engine = new ObjectMapper().readTree(https.files().get(1).toFile()).get(0);
      assertThat(engine.path("targets").get(0).asText()).isEqualTo("hooks.example.org:443");
      assertThat(engine.path("labels").path("__scheme__").asText()).isEqualTo("https");
    }
  }
}
