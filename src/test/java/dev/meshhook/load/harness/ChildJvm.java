package dev.meshhook.load.harness;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A JVM this one starts (a test's Gatling run, a local injector) dies with it, so a killed test or
 * launcher leaves no load running against an engine nobody watches. Both sides see to it: the child
 * runs its main class through {@link #main}, which watches this JVM's pid and exits when it is
 * gone, even after a kill -9 that runs no hook; and {@link #start} stops a child still running, and
 * what it started, when this JVM exits.
 */
public final class ChildJvm {
  /** The child's exit code when it ends because its parent is gone (as the engine's). */
  static final int ORPHANED = 3;

  /** How long a child asked to stop at this JVM's exit gets to run its own hooks. */
  private static final long STOP_SECONDS = 10;

  private ChildJvm() {}

  /**
   * {@code java <jvmOptions> -cp <this JVM's class path> ChildJvm <this pid> <mainClass> <args>}:
   * {@code mainClass} run in a JVM that exits when this one is gone.
   */
  public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ChildJvm.class.getName());
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * Starts {@code builder}'s command; if this JVM exits while the child runs, the child gets
   * SIGTERM (so its own hooks stop what it started), then SIGKILL with its descendants.
   */
  public static Process start(ProcessBuilder builder) throws IOException {
    Process child = builder.start();
    Thread atExit = new Thread(() -> stop(child), "stop-child-" + child.pid());
    Runtime.getRuntime().addShutdownHook(atExit);
    child
        .onExit()
        .thenRun(
            () -> {
              try {
                Runtime.getRuntime().removeShutdownHook(atExit);
              } catch (IllegalStateException e) {
                // this JVM is exiting: the hook finds the child gone
              }
            });
    return child;
  }

  private static void stop(Process child) {
    if (!child.isAlive()) {
      return;
    }
    List<ProcessHandle> descendants = child.descendants().toList();
    child.destroy();
    try {
      if (child.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    child.destroyForcibly();
  }

  /**
   * {@code <parentPid> <mainClass> <args>}: runs {@code mainClass} and exits with {@link #ORPHANED}
   * as soon as the parent is gone (already gone: at once).
   */
  public static void main(String[] args) throws Throwable {
    long parentPid = Long.parseLong(args[0]);
    Optional<ProcessHandle> parent = ProcessHandle.of(parentPid).filter(ProcessHandle::isAlive);
    if (parent.isEmpty()) {
      orphaned(parentPid);
    }
    // The handle carries the parent's start time: a pid reused later is not mistaken for it.
    parent.get().onExit().thenRun(() -> orphaned(parentPid));
    try {
      Class.forName(args[1])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void orphaned(long parentPid) {
    System.err.println("parent pid " + parentPid + " is gone: exiting");
    System.exit(ORPHANED);
  }
}
