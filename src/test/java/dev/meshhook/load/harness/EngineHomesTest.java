package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning an engine home keeps the newest runs and every folder held, which is what lets a
 * re-verification read an old run while new runs start beside it.
 */
class EngineHomesTest {
  @TempDir Path engines;

  @Test
  void aHeldHomeOutlivesPruningAndGoesOnceLetGo() throws Exception {
    Path[] runs = new Path[5];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = Files.createDirectories(engines.resolve("20261207T20000" + i + "abcd"));
    }
    Path oldest = runs[0];
    try (EngineProcess.HeldHome held = EngineProcess.holdHome(oldest)) {
      EngineProcess.prune(engines, runs[4], 2);
      assertThat(oldest).as("held").isDirectory();
      assertThat(runs[1]).as("beyond the newest two, not held").doesNotExist();
      assertThat(runs[2]).isDirectory();
      assertThat(runs[3]).isDirectory();
      assertThat(runs[4]).as("the current run").isDirectory();
    }
    EngineProcess.prune(engines, runs[4], 2);
    assertThat(oldest).as("let go").doesNotExist();
    assertThat(runs[2]).isDirectory();
    assertThat(runs[3]).isDirectory();
  }

  /** Holds the home in its argument, says so, and waits for its input to end. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      EngineProcess.holdHome(Path.of(args[0]));
      System.out.println("held");
      System.out.flush();
      System.in.read();
    }
  }

  @Test
  void aHomeHeldByAnotherProcessCannotBeHeldAgain() throws Exception {
    Path home = Files.createDirectories(engines.resolve("20261207T200000abcd"));
    Process holder =
        new ProcessBuilder(
                ChildJvm.command(List.of(), Holder.class.getName(), List.of(home.toString())))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String said =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(said).as("the other JVM holds the home").isEqualTo("held");
      assertThat(HomeLeases.inUse(home)).isTrue();
      assertThatThrownBy(() -> EngineProcess.holdHome(home))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another process");
      EngineProcess.prune(engines, engines.resolve("none"), 0);
      assertThat(home).as("held by the other JVM, so not pruned").isDirectory();
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(30, TimeUnit.SECONDS)) {
        holder.destroyForcibly().waitFor();
      }
    }
    assertThat(HomeLeases.inUse(home)).as("its JVM gone, the lock went with it").isFalse();
  }
}
