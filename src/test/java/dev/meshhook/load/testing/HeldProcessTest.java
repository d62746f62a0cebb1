package dev.meshhook.load.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.harness.ProcessSignals;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A process held with SIGSTOP is resumed by its holder, or by the watchdog when it never is. */
class HeldProcessTest {
  private static final ProcessSignals.Expected SLEEP = new ProcessSignals.Expected("sleep", "30");

  @Test
  void aHolderThatNeverLetsGoIsOverruledByTheWatchdog() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      HeldProcess held = HeldProcess.stop(sleep.toHandle(), SLEEP, Duration.ofSeconds(1));
      assertThat(awaitState(sleep, 'T', Duration.ofSeconds(5))).as("stopped").isTrue();
      // The test "hangs" here: no close.
      assertThat(awaitState(sleep, 'S', Duration.ofSeconds(10)))
          .as("resumed by the watchdog")
          .isTrue();
      assertThat(held.resumed()).isTrue();
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void closingResumesAtOnce() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      try (HeldProcess held = HeldProcess.stop(sleep.toHandle(), SLEEP, Duration.ofMinutes(5))) {
        assertThat(awaitState(sleep, 'T', Duration.ofSeconds(5))).as("stopped").isTrue();
        assertThat(held.resumed()).isFalse();
      }
      assertThat(awaitState(sleep, 'S', Duration.ofSeconds(5))).as("resumed").isTrue();
    } finally {
      sleep.destroyForcibly();
    }
  }

  /** Whether the process reaches {@code state} (T stopped, S sleeping) in /proc within the wait. */
  static boolean awaitState(Process process, char state, Duration wait) throws Exception {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      String s = Files.readString(stat, StandardCharsets.UTF_8);
      if (s.charAt(s.lastIndexOf(')') + 2) == state) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
