package dev.meshhook.load.checker;

/** Test access to the checker's per-run event-log rule from other packages. */
public final class RunCheckerProbe {
  private RunCheckerProbe() {}

  public static String problem(RunRecord run) {
    return RunChecker.eventLogProblem(run);
  }
}
