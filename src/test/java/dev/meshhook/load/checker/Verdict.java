package dev.meshhook.load.checker;

import java.util.List;
import java.util.Map;

/**
 * What the checker concluded. {@code UNKNOWN} means it could not tell (the ledger does not balance,
 * the database was unreachable): never a silent pass. {@code notJudged} names each look the checker
 * did not take on this target, and why (a shared target's unaccounted runs): neither a pass nor a
 * failure, said plainly.
 */
public record Verdict(
    Outcome outcome,
    String reason,
    String runTag,
    Counts counts,
    Map<Anomaly, Finding> findings,
    Latency endToEnd,
    ReplayCoverage coverage,
    List<String> notJudged) {

  public Verdict(
      Outcome outcome,
      String reason,
      String runTag,
      Counts counts,
      Map<Anomaly, Finding> findings,
      Latency endToEnd,
      ReplayCoverage coverage) {
    this(outcome, reason, runTag, counts, findings, endToEnd, coverage, List.of());
  }

  public Verdict(
      Outcome outcome,
      String reason,
      String runTag,
      Counts counts,
      Map<Anomaly, Finding> findings,
      Latency endToEnd) {
    this(outcome, reason, runTag, counts, findings, endToEnd, ReplayCoverage.NONE);
  }

  /** One anomaly class: how many, how many the profile allows, and a few load ids to look at. */
  public record Finding(Anomaly anomaly, long count, long allowed, List<String> examples) {
    public boolean ok() {
      return count <= allowed;
    }
  }

  public static Verdict unknown(String runTag, String reason) {
    return new Verdict(Outcome.UNKNOWN, reason, runTag, null, Map.of(), Latency.NONE);
  }

  /** True when this anomaly class passed; an unknown verdict passes nothing. */
  public boolean ok(Anomaly anomaly) {
    Finding f = findings.get(anomaly);
    return outcome != Outcome.UNKNOWN && f != null && f.ok();
  }
}
