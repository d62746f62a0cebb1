package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshhook.load.harness.ProcessSignals.Expected;
import dev.meshhook.load.harness.ProcessSignals.Signal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessSignalsTest {
  @ParameterizedTest
  @ValueSource(longs = {-1, 0, 1, -42})
  void pidsThatAreNotOneProcessOfOursAreRefused(long pid) {
    assertThatThrownBy(
            () -> ProcessSignals.verified(pid, Expected.postgres(Path.of("/nowhere/pgdata"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("refusing to signal pid " + pid + ":");
  }

  @Test
  void thisJvmIsRefusedEvenThoughItIsJava() {
    long self = ProcessHandle.current().pid();
    assertThatThrownBy(() -> ProcessSignals.verified(self, Expected.ENGINE))
        .hasMessageContaining("this JVM");
  }

  @Test
  void aForeignProcessIsRefusedAndLeftRunningAndTheExpectedOneIsSignalled() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      long pid = sleep.pid();
      assertThatThrownBy(
              () -> ProcessSignals.verified(pid, Expected.postgres(Path.of("/nowhere/pgdata"))))
          .hasMessageContaining("refusing to signal pid " + pid)
          .hasMessageContaining("not postgres");
      assertThatThrownBy(() -> ProcessSignals.send(sleep.toHandle(), Expected.ENGINE, Signal.INT))
          .hasMessageContaining("not java");
      assertThat(ProcessSignals.find(pid, Expected.postgres(Path.of("/nowhere/pgdata")))).isEmpty();
      assertThat(sleep.isAlive()).as("a refused process is not signalled").isTrue();

      // TERM, not INT: a child of a shell without job control (CI's) inherits SIGINT ignored, so
      // sleep would not die of it. PostgreSQL sets its own SIGINT handler; the ITs stop it that
      // way.
      ProcessHandle handle = ProcessSignals.verified(pid, new Expected("sleep", "30"));
      ProcessSignals.send(handle, new Expected("sleep", "30"), Signal.TERM);
      assertThat(sleep.waitFor(10, TimeUnit.SECONDS))
          .as("SIGTERM reached the checked process")
          .isTrue();
      assertThat(sleep.exitValue()).isEqualTo(128 + 15);
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void aProcessMissingTheExpectedArgumentIsRefused() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "31").start();
    try {
      assertThatThrownBy(() -> ProcessSignals.verified(sleep.pid(), new Expected("sleep", "30")))
          .hasMessageContaining("without the argument 30");
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void anArgumentAfterTensOfKilobytesOfCommandLineIsFound() throws Exception {
    // Like the engine JVM, whose class path is that long: the JDK's own view of it comes back
    // empty.
    List<String> command = new ArrayList<>(List.of("sleep", "30"));
    command.addAll(Collections.nCopies(20_000, "0"));
    command.add("0.25");
    Process sleep = new ProcessBuilder(command).start();
    try {
      assertThat(ProcessSignals.verified(sleep.pid(), new Expected("sleep", "0.25")).pid())
          .isEqualTo(sleep.pid());
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void aPidWhoseProcessEndedIsRefused() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    ProcessHandle handle = ProcessSignals.verified(sleep.pid(), new Expected("sleep", null));
    sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> ProcessSignals.send(handle, new Expected("sleep", null), Signal.KILL))
        .hasMessageContaining("no such process is running");
  }
}
