package dev.meshhook.load.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.meshhook.load.testing.Commands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * yamllint over the Kubernetes manifests, with their checked-in configuration and in strict mode
 * (warnings fail too), as a user would run it: {@code yamllint -s -c deploy/k8s/.yamllint
 * deploy/k8s}. Debian's yamllint comes from {@code scripts/install-yamllint.sh}, which {@code mvn
 * verify} runs first; only without it and with {@code -Dyamllint.skip=true} is the check skipped.
 */
@Tag("side-by-side")
class K8sManifestsIT {
  private static final Path DIR = Path.of("deploy", "k8s");
  private static final Path CONFIG = DIR.resolve(".yamllint");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path temp;

  /**
   * The yamllint on the PATH. Missing, the test fails, unless -Dyamllint.skip=true said to do
   * without it: then the test is skipped (reported as such, with the reason).
   */
  private static Path yamllint() {
    Optional<Path> found = Commands.onPath("yamllint");
    if (found.isEmpty()) {
      Assumptions.assumeFalse(Boolean.getBoolean("yamllint.skip"), "yamllint.skip=true");
      fail(
          "yamllint is not on the PATH: run scripts/install-yamllint.sh (mvn verify runs it), or"
              + " apt-get install yamllint; -Dyamllint.skip=true skips this check");
    }
    return found.get();
  }

  /** yamllint -s -c <the checked-in config> target; its exit code and everything it printed. */
  private Commands.Result lint(Path target) throws IOException, InterruptedException {
    return Commands.run(
        List.of(yamllint().toString(), "-s", "-c", CONFIG.toString(), target.toString()),
        temp,
        TIMEOUT);
  }

  /**
   * deploy/k8s/<file>, with {@code from} replaced by {@code to} once, alone in a folder of temp.
   */
  private Path brokenCopy(String name, String file, String from, String to) throws IOException {
    String original = Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
    assertThat(original).as(file + " holds what the test breaks").contains(from);
    int at = original.indexOf(from);
    String broken = original.substring(0, at) + to + original.substring(at + from.length());
    Path folder = Files.createDirectories(temp.resolve(name));
    Files.writeString(folder.resolve(file), broken, StandardCharsets.UTF_8);
    return folder;
  }

  @Test
  void theManifestsPassYamllintInStrictMode() throws Exception {
    Commands.Result lint = lint(DIR);
    assertThat(lint.exitCode()).as(lint.output()).isZero();
    assertThat(lint.output()).isBlank();
  }

  @Test
  void yamllintFailsABrokenCopyOfAManifest() throws Exception {
    // A key given twice: most YAML readers keep one of the values without a word.
    Commands.Result duplicated =
        lint(
            brokenCopy(
                "duplicated",
                "injectors-job.yaml",
                "  parallelism: 3\n",
                "  parallelism: 3\n  parallelism: 1\n"));
    assertThat(duplicated.exitCode()).as(duplicated.output()).isNotZero();
    assertThat(duplicated.output()).contains("key-duplicates");

    // A tab in the indentation: not YAML at all.
    Commands.Result tab =
        lint(brokenCopy("tab", "pvc.yaml", "    - ReadWriteMany\n", "\t- ReadWriteMany\n"));
    assertThat(tab.exitCode()).as(tab.output()).isNotZero();
    assertThat(tab.output()).contains("syntax");

    // yes for true: only a warning in yamllint's default rules, which -s turns into a failure.
    Commands.Result truthy =
        lint(brokenCopy("truthy", "injectors-job.yaml", "optional: true\n", "optional: yes\n"));
    assertThat(truthy.exitCode()).as(truthy.output()).isNotZero();
    assertThat(truthy.output()).contains("warning", "truthy");
  }
}
