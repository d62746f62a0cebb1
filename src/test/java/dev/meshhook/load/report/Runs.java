package dev.meshhook.load.report;

import java.time.Instant;

/** Test support: history rows as a run would write them. */
final class Runs {
  private Runs() {}

  static RunSummary run(
      String folder,
      String profile,
      String startedAt,
      String verification,
      double throughput,
      double p99,
      double endToEndP99) {
    RunFigures figures = new RunFigures(throughput, p99 / 2, p99, endToEndP99, 0, 0);
    String status = RunSummary.status(verification, "pass", "none");
    return new RunSummary(
        RunSummary.SCHEMA,
        folder,
        profile + "Simulation",
        profile,
        Instant.parse(startedAt).toString(),
        "abc1234",
        "embedded",
        status,
        verification,
        "pass",
        "none",
        "no baseline yet",
        figures);
  }

  static RunSummary passing(
      String folder, String startedAt, double throughput, double p99, double endToEndP99) {
    return run(folder, "smoke", startedAt, "pass", throughput, p99, endToEndP99);
  }
}
