package dev.meshhook.load.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.figures.LoadProfile;
import dev.meshhook.load.figures.LoadProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the workflows promise: CI runs the README's test command; the nightly every profile. */
class WorkflowsTest {
  @Test
  void theNightlyRunsEveryProfileByDefault() throws IOException {
    String script = Files.readString(Path.of("scripts", "nightly.sh"));
    Matcher all = Pattern.compile("(?m)^all=\"([^\"]+)\"$").matcher(script);
    assertThat(all.find()).as("scripts/nightly.sh sets all=\"...\"").isTrue();
    List<String> nightly = Arrays.asList(all.group(1).split(" "));
    String pom = Files.readString(Path.of("pom.xml"));
    for (LoadProfile<?> profile : LoadProfiles.ALL) {
      assertThat(nightly).as("the nightly's profiles").contains(profile.block());
      assertThat(pom)
          .as("a pom profile for -P" + profile.block())
          .contains("<id>" + profile.block() + "</id>");
    }
    assertThat(nightly).hasSameSizeAs(LoadProfiles.ALL).doesNotHaveDuplicates();
    assertThat(script).contains("profiles=${NIGHTLY_PROFILES:-$all}");
  }

  @Test
  void ciRunsTheReadmesTestCommandOnPushAndPullRequest() throws IOException {
    String ci = Files.readString(Path.of(".github", "workflows", "ci.yml"));
    assertThat(ci).contains("  push:").contains("  pull_request:").contains("run: bash .ci/run");
    assertThat(Files.readString(Path.of(".ci", "run"))).contains("mvn -B verify");
    assertThat(Files.readString(Path.of("README.md"))).contains("mvn verify");
  }
}
