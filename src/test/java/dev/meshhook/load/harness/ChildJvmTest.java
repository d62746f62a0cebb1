package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM started through ChildJvm runs its main class as given, and ends when its parent does. */
class ChildJvmTest {
  /** A child that would run for ten minutes. */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(600_000);
    }
  }

  /** A parent that starts a Sleeper through ChildJvm, prints its pid, and waits. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      Process child =
          ChildJvm.start(
              new ProcessBuilder(ChildJvm.command(List.of(), Sleeper.class.getName(), List.of()))
                  .redirectErrorStream(true)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD));
      System.out.println(child.pid());
      System.out.flush();
      Thread.sleep(600_000);
    }
  }

  /** Prints its arguments and exits with 7, as a main that calls System.exit does. */
  public static final class Echo {
    public static void main(String[] args) {
      System.out.println(String.join(" ", args));
      System.exit(7);
    }
  }

  @Test
  void theMainClassGetsItsArgumentsAndItsExitCodeIsTheChilds() throws Exception {
    Process echo =
        new ProcessBuilder(ChildJvm.command(List.of(), Echo.class.getName(), List.of("-s", "x y")))
            .redirectErrorStream(true)
            .start();
    try {
      String out = new String(echo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(echo.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out.trim()).isEqualTo("-s x y");
      assertThat(echo.exitValue()).isEqualTo(7);
    } finally {
      echo.destroyForcibly();
    }
  }

  @Test
  void aChildWhoseParentIsKilledWithMinus9Exits() throws Exception {
    Process parent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Parent.class.getName())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    ProcessHandle child = null;
    try {
      String pid =
          new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(pid).as("the parent printed its child's pid").isNotNull();
      child =
          ProcessSignals.verified(
              Long.parseLong(pid.trim()),
              new ProcessSignals.Expected("java", Sleeper.class.getName()));

      parent.destroyForcibly(); // kill -9: no hook of the parent's runs
      assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

      assertThat(awaitGone(child, Duration.ofSeconds(30)))
          .as("the child exited once its parent was gone")
          .isTrue();
    } finally {
      parent.destroyForcibly();
      if (child != null) {
        child.destroyForcibly();
      }
    }
  }

  /** Ended: gone, or a zombie whose new parent has not reaped it yet. */
  private static boolean awaitGone(ProcessHandle process, Duration wait) throws Exception {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return true;
      }
      try {
        String s = Files.readString(stat, StandardCharsets.UTF_8);
        if (s.charAt(s.lastIndexOf(')') + 2) == 'Z') {
          return true;
        }
      } catch (java.io.IOException e) {
        return true; // its /proc entry is gone
      }
      Thread.sleep(100);
    }
    return false;
  }
}
