package dev.meshhook.load.testing;

import dev.meshhook.load.report.LoadFigures;
import dev.meshhook.load.report.LoadSummary;
import java.time.Instant;

/** Test support: history rows as a run would write them. */
public final class Loads {
  private Loads() {}

  public static LoadSummary run(
      String folder,
      String profile,
      String startedAt,
      String verification,
      double throughput,
      double p99,
      double endToEndP99) {
    LoadFigures figures = new LoadFigures(throughput, p99 / 2, p99, endToEndP99, 0, 0);
    String status = LoadSummary.status(verification, "pass", "none");
    return new LoadSummary(
        LoadSummary.SCHEMA,
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
        figures,
        null);
  }

  public static LoadSummary passing(
      String folder, String startedAt, double throughput, double p99, double endToEndP99) {
    return run(folder, "smoke", startedAt, "pass", throughput, p99, endToEndP99);
  }
}
