package dev.meshhook.load.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.figures.LoadProfile;
import dev.meshhook.load.figures.LoadProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the workflows promise: CI runs the README's test command; the nightly every profile. */
class WorkflowsTest {
  @Test
  void theNightlyRunsEveryProfileByDefault() throws Exception {
    Process list =
        new ProcessBuilder("bash", "scripts/nightly.sh", "--list")
            .redirectErrorStream(true)
            .start();
    String out = new String(list.getInputStream().readAllBytes()).trim();
    assertThat(list.waitFor()).as(out).isZero();
    List<String> nightly = Arrays.asList(out.split(" "));
    assertThat(nightly)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            LoadProfiles.ALL.stream().map(LoadProfile::block).toList());
    assertThat(nightly.get(0)).as("the quickest first").isEqualTo("smoke");
    assertThat(nightly.get(nightly.size() - 1)).as("the longest last").isEqualTo("soak");
    assertThat(Files.readString(Path.of("scripts", "nightly.sh")))
        .contains("profiles=${NIGHTLY_PROFILES:-$all}");
  }

  @Test
  void ciRunsTheReadmesTestCommandOnPushAndPullRequest() throws IOException {
    String ci = Files.readString(Path.of(".github", "workflows", "ci.yml"));
    assertThat(ci).contains("  push:").contains("  pull_request:").contains("run: bash .ci/run");
    assertThat(Files.readString(Path.of(".ci", "run"))).contains("mvn -B verify");
    assertThat(Files.readString(Path.of("README.md"))).contains("mvn verify");
  }
}
