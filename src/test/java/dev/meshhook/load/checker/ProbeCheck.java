package dev.meshhook.load.checker;

import dev.meshhook.load.ledger.ProbeClass;
import dev.meshhook.load.ledger.ProbeLedger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges the security profile's probes, class by class, from what was sent and answered (the probe
 * ledger) and what the database holds: the runs each webhook probe's load id found, and the tenant
 * of every run a read returned. A pure function, like {@link RunChecker}. A run created where none
 * may be, or another tenant's data returned, fails; an answer other than the expected ones is
 * reported and fails nothing; a class with nothing to judge is "not probed", with why, and neither
 * passes nor fails.
 */
public final class ProbeCheck {
  /** How one class fared. */
  public enum State {
    PASS,
    FAIL,
    NOT_PROBED;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * One class: probes sent, answers seen by status (0 = no answer), how many were not among the
   * expected ones, runs created beyond what the answer allows, accepted burst webhooks without
   * their run, leaks (probes whose answer returned another tenant's data) and, for lists, how many
   * runs of other tenants they returned together. {@code notProbed} says why the class could not be
   * judged here (null when it could).
   */
  public record Row(
      ProbeClass probeClass,
      long sent,
      Map<Integer, Long> answers,
      long unexpectedAnswers,
      long runsCreated,
      long runsLost,
      long leaks,
      long leakedRuns,
      long unverifiable,
      String notProbed,
      List<String> examples) {
    public State state() {
      if (runsCreated > 0 || runsLost > 0 || leaks > 0) {
        return State.FAIL;
      }
      return notProbed != null ? State.NOT_PROBED : State.PASS;
    }

    /** The answers seen, e.g. {@code 401 x30, no answer x1}. */
    public String answersSeen() {
      if (answers.isEmpty()) {
        return "none";
      }
      List<String> parts = new ArrayList<>();
      answers.forEach(
          (status, n) -> parts.add((status == 0 ? "no answer" : status.toString()) + " x" + n));
      return String.join(", ", parts);
    }

    public String describe() {
      StringBuilder b =
          new StringBuilder(probeClass.flag())
              .append(' ')
              .append(state().label().toUpperCase(Locale.ROOT))
              .append(" - ")
              .append(sent)
              .append(" sent, answers ")
              .append(answersSeen())
              .append(" (expected ")
              .append(probeClass.expectedAnswers())
              .append(')');
      if (probeClass.kind() == ProbeClass.Kind.WEBHOOK) {
        b.append(", ").append(runsCreated).append(" run(s) created");
        if (runsLost > 0) {
          b.append(", ").append(runsLost).append(" accepted without their run");
        }
      } else {
        b.append(", ").append(leaks).append(" leak(s)");
        if (leakedRuns > 0) {
          b.append(" returning ").append(leakedRuns).append(" run(s) of other tenants");
        }
        if (unverifiable > 0) {
          b.append(", ").append(unverifiable).append(" returned run(s) the database does not hold");
        }
      }
      if (notProbed != null) {
        b.append("; not probed: ").append(notProbed);
      }
      return b.toString();
    }
  }

  /** Every class, in the order {@link ProbeClass} declares them. */
  public record Result(List<Row> rows) {
    public static final Result NONE = new Result(List.of());

    public boolean probed() {
      return !rows.isEmpty();
    }

    public boolean failed() {
      return rows.stream().anyMatch(r -> r.state() == State.FAIL);
    }

    public long runsCreated() {
      return rows.stream().mapToLong(Row::runsCreated).sum();
    }

    public long leaks() {
      return rows.stream().mapToLong(Row::leaks).sum();
    }

    /** One console line per class after a headline. */
    public String summary() {
      long notProbed = rows.stream().filter(r -> r.state() == State.NOT_PROBED).count();
      StringBuilder b =
          new StringBuilder("probes: ")
              .append(failed() ? "FAIL" : "PASS")
              .append(" - ")
              .append(rows.size())
              .append(" classes, ")
              .append(runsCreated())
              .append(" run(s) created, ")
              .append(leaks())
              .append(" leak(s), ")
              .append(notProbed)
              .append(" not probed");
      rows.forEach(r -> b.append(System.lineSeparator()).append("  ").append(r.describe()));
      return b.toString();
    }
  }

  private final int maxExamples;

  public ProbeCheck(int maxExamples) {
    this.maxExamples = maxExamples;
  }

  /**
   * @param runsByProbeId runs found in the database per webhook probe's load id (absent: none)
   * @param tenantOfRun the tenant (project name) of each run id a read or list returned, as the
   *     database holds it (absent: the database holds no such run)
   */
  public Result check(
      ProbeLedger.Contents probes,
      Map<String, Integer> runsByProbeId,
      Map<String, String> tenantOfRun) {
    if (probes.isEmpty()) {
      return Result.NONE;
    }
    Map<ProbeClass, List<ProbeLedger.Probe>> byClass = new EnumMap<>(ProbeClass.class);
    for (ProbeClass c : ProbeClass.values()) {
      byClass.put(c, new ArrayList<>());
    }
    probes.probes().forEach(p -> byClass.get(p.probeClass()).add(p));
    List<Row> rows = new ArrayList<>();
    for (ProbeClass c : ProbeClass.values()) {
      rows.add(row(c, byClass.get(c), probes.notProbed().get(c), runsByProbeId, tenantOfRun));
    }
    return new Result(List.copyOf(rows));
  }

  /**
   * Every class of a probe ledger left unjudged, with why (the database could not be read): a run a
   * probe made, or whose data a read returned, is known only there.
   */
  public static Result notJudged(ProbeLedger.Contents probes, String why) {
    List<Row> rows = new ArrayList<>();
    for (ProbeClass c : ProbeClass.values()) {
      long sent = probes.probes().stream().filter(p -> p.probeClass() == c).count();
      rows.add(new Row(c, sent, Map.of(), 0, 0, 0, 0, 0, 0, why, List.of()));
    }
    return new Result(List.copyOf(rows));
  }

  private Row row(
      ProbeClass c,
      List<ProbeLedger.Probe> sent,
      String notProbed,
      Map<String, Integer> runsByProbeId,
      Map<String, String> tenantOfRun) {
    Map<Integer, Long> answers = new TreeMap<>();
    long unexpected = 0, created = 0, lost = 0, leaks = 0, leakedRuns = 0, unverifiable = 0;
    long refusedByLimit = 0;
    List<String> examples = new ArrayList<>();
    long answered = 0;
    for (ProbeLedger.Probe p : sent) {
      answers.merge(p.status(), 1L, Long::sum);
      answered += p.answered() ? 1 : 0;
      // The rate limit comes before any other check, so a polite 429 is a refusal every webhook
      // probe may get (right after the burst, many do): expected, but it probed nothing else.
      boolean limited = c.kind() == ProbeClass.Kind.WEBHOOK && p.status() == 429 && p.retryAfter();
      if (limited) {
        refusedByLimit++;
      } else if (p.answered() && !c.expectedStatuses().contains(p.status())) {
        unexpected++;
      }
      switch (c.kind()) {
        case WEBHOOK -> {
          int found = runsByProbeId.getOrDefault(p.id(), 0);
          // A request meant to be refused never makes a run, answered or not; an unanswered
          // webhook of the burst (a valid one) may have made one, as in the ledger.
          int allowed =
              p.answered() ? c.runsAllowed(p.status()) : Math.min(found, c.runsAllowed(202));
          if (found > allowed) {
            created += found - allowed;
            example(examples, p.id() + " (HTTP " + status(p) + ", " + found + " run(s))");
          } else if (found < allowed) {
            lost += allowed - found;
            example(examples, p.id() + " (HTTP " + status(p) + ", no run)");
          }
        }
        case READ -> {
          if (p.status() >= 200 && p.status() < 300) {
            leaks++;
            example(
                examples,
                "as "
                    + (p.caller() == null ? "nobody" : p.caller())
                    + ": HTTP "
                    + p.status()
                    + " for "
                    + String.join(",", p.runIds()));
          }
        }
        case LIST -> {
          // One leak per list that returned anything of another tenant's, however much.
          List<String> others = new ArrayList<>();
          for (String runId : p.runIds()) {
            String tenant = tenantOfRun.get(runId);
            if (tenant == null) {
              unverifiable++;
            } else if (!tenant.equals(p.caller())) {
              others.add(runId + " of " + tenant);
            }
          }
          if (!others.isEmpty()) {
            leaks++;
            leakedRuns += others.size();
            example(
                examples,
                "as "
                    + p.caller()
                    + ": "
                    + others.size()
                    + " run(s) of others, e.g. "
                    + others.get(0));
          }
        }
      }
    }
    // A reason given while probing (e.g. no run was known yet) holds only if nothing was sent.
    notProbed =
        !sent.isEmpty() ? null : notProbed != null ? notProbed : "no probe of this class was sent";
    if (notProbed == null
        && c != ProbeClass.OVER_RATE_LIMIT
        && c.kind() == ProbeClass.Kind.WEBHOOK
        && answered > 0
        && refusedByLimit == answered) {
      notProbed =
          "every answered probe was refused by the rate limit (429) before the check it probes";
    }
    if (notProbed == null && c == ProbeClass.OVER_RATE_LIMIT && refusedByLimit == 0) {
      notProbed =
          "none of the "
              + sent.size()
              + " webhooks of the burst was answered 429: no rate limit was reached (or the"
              + " target has none), so no refused webhook was there to create a run";
    }
    return new Row(
        c,
        sent.size(),
        java.util.Collections.unmodifiableMap(answers),
        unexpected,
        created,
        lost,
        leaks,
        leakedRuns,
        unverifiable,
        notProbed,
        List.copyOf(examples));
  }

  private void example(List<String> examples, String example) {
    if (examples.size() < maxExamples) {
      examples.add(example);
    }
  }

  private static String status(ProbeLedger.Probe p) {
    return p.answered() ? Integer.toString(p.status()) : "no answer";
  }
}
