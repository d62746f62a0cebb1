package dev.meshhook.load.report;

import dev.meshhook.load.checker.Outcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * One run as the run index remembers it: one line of {@code history.jsonl}, written when the run is
 * verified and kept when its folder is pruned or deleted. {@code status} is the run's overall
 * result: fail when verification, classification or regression failed; else unknown when any of
 * them is unknown (could not tell is no pass); else warn when either warned; else pass. {@code
 * bottleneck} is null for a run without a bottleneck analysis (every profile but stress, and rows
 * written before there was one): its index cell stays empty.
 */
public record LoadSummary(
    String schema,
    String folder,
    String simulation,
    String profile,
    String startedAt,
    String commit,
    String target,
    String status,
    String verification,
    String classification,
    String regression,
    String regressionNote,
    LoadFigures figures,
    String bottleneck) {
  public static final String SCHEMA = "meshhook-load/history/v1";

  /** The profile a simulation class runs, as baselines group runs: "smoke", "load-quick", ... */
  public static String profile(String simulation, boolean quick) {
    String name =
        simulation.endsWith("Simulation")
            ? simulation.substring(0, simulation.length() - "Simulation".length())
            : simulation;
    return name.toLowerCase(Locale.ROOT) + (quick ? "-quick" : "");
  }

  /**
   * The worst of verification (pass/fail/unknown), classification (pass/warn/fail/unknown) and
   * regression (none/pass/warn/fail/unknown): a known failure first, then unknown, then warn.
   */
  public static String status(String verification, String classification, String regression) {
    Outcome worst = Outcome.of(verification).worst(Outcome.of(classification));
    // "none": no earlier run to compare with, which neither passes nor fails the run.
    return (regression.equals("none") ? worst : worst.worst(Outcome.of(regression))).label();
  }

  /** Oldest first: by start time (ISO-8601, as written), then folder name. */
  public static final Comparator<LoadSummary> BY_START =
      Comparator.comparing((LoadSummary r) -> startInstant(r)).thenComparing(LoadSummary::folder);

  private static Instant startInstant(LoadSummary r) {
    try {
      return Instant.parse(r.startedAt());
    } catch (RuntimeException e) {
      return Instant.EPOCH; // a hand-edited line sorts first rather than breaking the index
    }
  }

  public boolean failed() {
    return "fail".equals(status);
  }
}
