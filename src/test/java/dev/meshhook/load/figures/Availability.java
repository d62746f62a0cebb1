package dev.meshhook.load.figures;

import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.ledger.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * How available the target was during the steady phase, from the ledger: the share of seconds in
 * which its answers met the profile's SLO (no 5xx, no webhook left without an answer, and the
 * second's p99 within the profile's p99 threshold), and the share of webhooks that got the answer
 * they expected. Seconds are counted by when the webhook was sent, from the run's first webhook;
 * the steady phase starts after the profile's ramp (the whole load for a profile without one). A
 * second in which nothing was sent judges nothing. With replicas, a second is judged on the answers
 * of the replicas still alive: a webhook sent to a replica a chaos run killed and left dead (or in
 * flight to it when it died) is left out of the seconds, and counted in {@code toDeadReplicas}; the
 * request success ratio, the client's view, still counts it.
 */
public record Availability(
    Rule rule,
    long seconds,
    long goodSeconds,
    double percent,
    double successPercent,
    double budgetUsedPercent,
    List<BrokenSecond> broken,
    long toDeadReplicas) {

  /** How many broken seconds the reports list; the count is always complete. */
  public static final int LISTED = 100;

  /**
   * What a profile holds its target to: the ramp to leave out, the p99 a second must meet, whether
   * 429/503 with Retry-After count as expected answers, and the target in % (0: reported, not
   * judged).
   */
  public record Rule(Duration rampUp, int p99Ms, boolean allowsShedding, double targetPercent) {
    public boolean judged() {
      return targetPercent > 0;
    }
  }

  /** A steady-phase second that missed the SLO, counted from the run's first webhook, and why. */
  public record BrokenSecond(
      long second, long sent, long serverErrors, long unanswered, long p99Ms) {
    public String why(int p99Limit) {
      List<String> parts = new ArrayList<>();
      if (serverErrors > 0) {
        parts.add(serverErrors + " x 5xx");
      }
      if (unanswered > 0) {
        parts.add(unanswered + " unanswered");
      }
      if (p99Ms > p99Limit) {
        parts.add(String.format(Locale.ROOT, "p99 %,d ms > %,d ms", p99Ms, p99Limit));
      }
      return String.join(", ", parts);
    }
  }

  /**
   * A replica killed at {@code fromEpochMs} and left dead (its index among the target's URLs): a
   * webhook sent to it from then on is refused at connect, and one in flight to it then never
   * answered.
   */
  public record DeadReplica(int replica, long fromEpochMs) {
    boolean lost(LedgerEntry e) {
      return e.replica() == replica
          && (e.sentEpochMs() >= fromEpochMs
              || (!e.answered() && e.ended() && e.answeredEpochMs() >= fromEpochMs));
    }

    /** The replicas the run's replica-kill faults left dead. */
    public static List<DeadReplica> of(List<FaultLog.Fault> faults) {
      List<DeadReplica> dead = new ArrayList<>();
      for (FaultLog.Fault f : faults) {
        f.killedReplica().ifPresent(r -> dead.add(new DeadReplica(r, f.startEpochMs())));
      }
      return List.copyOf(dead);
    }
  }

  public static Availability of(List<LedgerEntry> ledger, Rule rule) {
    return of(ledger, rule, List.of());
  }

  public static Availability of(List<LedgerEntry> ledger, Rule rule, List<DeadReplica> dead) {
    long first = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElse(0);
    long steadyFrom = first + rule.rampUp().toMillis();
    TreeMap<Long, List<LedgerEntry>> bySecond = new TreeMap<>();
    long expected = 0, steady = 0, toDead = 0;
    for (LedgerEntry e : ledger) {
      if (e.sentEpochMs() < steadyFrom) {
        continue;
      }
      // The success ratio is the client's: every webhook, a dead replica's refusals too.
      steady++;
      if (e.status() == e.expectedStatus() || (rule.allowsShedding() && e.shedPolitely())) {
        expected++;
      }
      if (dead.stream().anyMatch(d -> d.lost(e))) {
        toDead++;
        continue;
      }
      bySecond.computeIfAbsent((e.sentEpochMs() - first) / 1000, s -> new ArrayList<>()).add(e);
    }
    long good = 0;
    List<BrokenSecond> broken = new ArrayList<>();
    for (var second : bySecond.entrySet()) {
      List<LedgerEntry> sent = second.getValue();
      long serverErrors = sent.stream().filter(e -> e.status() >= 500).count();
      long unanswered = sent.stream().filter(e -> !e.answered()).count();
      // The same latency as the classified webhook p99: unanswered webhooks count until failure.
      long p99 = HttpFigures.of(sent).latency().p99();
      if (serverErrors == 0 && unanswered == 0 && p99 <= rule.p99Ms()) {
        good++;
      } else {
        broken.add(new BrokenSecond(second.getKey(), sent.size(), serverErrors, unanswered, p99));
      }
    }
    long seconds = bySecond.size();
    double percent = seconds == 0 ? Double.NaN : 100.0 * good / seconds;
    double successPercent = steady == 0 ? Double.NaN : 100.0 * expected / steady;
    // The budget is what the target lets fail: 1 - target of the seconds; used, the share of it
    // spent (over 100 %: overspent).
    double budgetUsed =
        !rule.judged() || Double.isNaN(percent)
            ? Double.NaN
            : 100.0 * (100.0 - percent) / (100.0 - rule.targetPercent());
    return new Availability(
        rule, seconds, good, percent, successPercent, budgetUsed, List.copyOf(broken), toDead);
  }

  /**
   * The classification's rows: availability judged against its target, the rest for information.
   */
  public List<Classification.Row> rows(double margin) {
    List<Classification.Row> rows = new ArrayList<>();
    rows.add(
        rule.judged()
            ? Classification.atLeast("availability", percent, "%", rule.targetPercent(), margin)
            : Classification.info("availability", percent, "%"));
    rows.add(Classification.info("request success ratio", successPercent, "%"));
    if (rule.judged()) {
      rows.add(Classification.info("error budget used", budgetUsedPercent, "%"));
    }
    return rows;
  }

  /**
   * E.g. {@code availability 97.78 % of 45 s (target 99.9 %, error budget used 2,222 %); 1 s broke
   * it: t+12 s (3 x 5xx); request success ratio 99.1 %}.
   */
  public String summary() {
    StringBuilder b =
        new StringBuilder("availability ")
            .append(Double.isNaN(percent) ? "n/a" : Classification.number(percent) + " %")
            .append(" of ")
            .append(seconds)
            .append(" steady s (")
            .append(
                rule.judged()
                    ? "target "
                        + Classification.number(rule.targetPercent())
                        + " %, error budget used "
                        + Classification.number(budgetUsedPercent)
                        + " %"
                    : "reported, not judged")
            .append("); ")
            .append(broken.size())
            .append(" s broke it");
    for (int i = 0; i < Math.min(broken.size(), 10); i++) {
      BrokenSecond s = broken.get(i);
      b.append(i == 0 ? ": " : ", ")
          .append("t+")
          .append(s.second())
          .append(" s (")
          .append(s.why(rule.p99Ms()))
          .append(')');
    }
    if (broken.size() > 10) {
      b.append(", ...");
    }
    b.append("; request success ratio ")
        .append(
            Double.isNaN(successPercent) ? "n/a" : Classification.number(successPercent) + " %");
    if (toDeadReplicas > 0) {
      b.append("; ")
          .append(toDeadReplicas)
          .append(" webhooks sent to a killed replica left out (judged on the replicas alive)");
    }
    return b.toString();
  }
}
