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
 * may be, another tenant's data returned, or a repeated Idempotency-Key's 202 naming another run
 * than the first webhook's, fails; an answer other than the expected ones is reported and fails
 * nothing; a class with nothing to judge, or with a probe that told nothing (a read with no answer,
 * a follow that timed out, a list that could not be read, a 401 for the probe's own token, a 202 to
 * a repeated key naming no run), is "not probed", with why, and neither passes nor fails. When no
 * class at all was probed, or a probing profile left no probe ledger, the probes are UNKNOWN.
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
   * runs of other tenants they returned together; for a repeated Idempotency-Key, how many 202s
   * named the first webhook's run and how many another. {@code unjudged} probes told nothing;
   * {@code notProbed} says why the class could not be judged here, or not wholly (null when it
   * was).
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
      long firstRunNamed,
      long otherRunNamed,
      long unjudged,
      String notProbed,
      List<String> examples) {
    public State state() {
      if (runsCreated > 0 || runsLost > 0 || leaks > 0 || otherRunNamed > 0) {
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
        if (probeClass == ProbeClass.IDEMPOTENCY_KEY_REUSED) {
          b.append(", ").append(firstRunNamed).append(" 202(s) naming the first run");
          if (otherRunNamed > 0) {
            b.append(", ").append(otherRunNamed).append(" naming another run");
          }
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

  /**
   * Every class, in the order {@link ProbeClass} declares them; {@code missing} says why a profile
   * that probes has no probe ledger to judge (null when it has one, or does not probe).
   */
  public record Result(List<Row> rows, String missing) {
    public static final Result NONE = new Result(List.of(), null);

    public Result(List<Row> rows) {
      this(rows, null);
    }

    /** A profile that probes, without its probe ledger: nothing of the probes can be judged. */
    public static Result missing(String why) {
      return new Result(List.of(), why);
    }

    /** Whether there is a probes section to report: a probe ledger judged, or one missing. */
    public boolean reported() {
      return !rows.isEmpty() || missing != null;
    }

    public boolean failed() {
      return rows.stream().anyMatch(r -> r.state() == State.FAIL);
    }

    /**
     * Why the probes as a whole say nothing (the ledger is missing, or no class was probed), or
     * empty. A failed class still fails: it was probed.
     */
    public java.util.Optional<String> unknown() {
      if (missing != null) {
        return java.util.Optional.of(missing);
      }
      if (!rows.isEmpty() && rows.stream().allMatch(r -> r.state() == State.NOT_PROBED)) {
        return java.util.Optional.of(
            "no class was probed: all "
                + rows.size()
                + " classes are not probed, each with its reason");
      }
      return java.util.Optional.empty();
    }

    public Outcome outcome() {
      if (failed()) {
        return Outcome.FAIL;
      }
      return unknown().isPresent() ? Outcome.UNKNOWN : Outcome.PASS;
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
      StringBuilder b = new StringBuilder("probes: ").append(outcome()).append(" - ");
      unknown().ifPresent(why -> b.append(why).append("; "));
      b.append(rows.size())
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
   * @param runsOfRepeated the run ids the database holds per load id of a webhook whose
   *     Idempotency-Key a probe repeated ({@link ProbeLedger.Contents#repeatedIds}; absent: none)
   */
  public Result check(
      ProbeLedger.Contents probes,
      Map<String, Integer> runsByProbeId,
      Map<String, String> tenantOfRun,
      Map<String, java.util.Set<String>> runsOfRepeated) {
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
      rows.add(
          row(
              c,
              byClass.get(c),
              probes.notProbed().get(c),
              runsByProbeId,
              tenantOfRun,
              runsOfRepeated));
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
      rows.add(new Row(c, sent, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, why, List.of()));
    }
    return new Result(List.copyOf(rows));
  }

  private Row row(
      ProbeClass c,
      List<ProbeLedger.Probe> sent,
      String notProbed,
      Map<String, Integer> runsByProbeId,
      Map<String, String> tenantOfRun,
      Map<String, java.util.Set<String>> runsOfRepeated) {
    Map<Integer, Long> answers = new TreeMap<>();
    long unexpected = 0, created = 0, lost = 0, leaks = 0, leakedRuns = 0, unverifiable = 0;
    long refusedByLimit = 0, firstNamed = 0, otherNamed = 0;
    // Why probes told nothing, each with how many: they are not passed with the rest.
    Map<String, Long> unjudged = new java.util.LinkedHashMap<>();
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
          if (c == ProbeClass.IDEMPOTENCY_KEY_REUSED && accepted(p)) {
            java.util.Set<String> first = lower(runsOfRepeated.get(p.repeats()));
            String unjudgedWhy = replayUnjudged(p, first);
            if (unjudgedWhy != null) {
              unjudged.merge(unjudgedWhy, 1L, Long::sum);
            } else if (first.contains(p.runIds().get(0).toLowerCase(Locale.ROOT))) {
              firstNamed++;
            } else {
              otherNamed++;
              example(
                  examples,
                  p.id()
                      + " (HTTP "
                      + p.status()
                      + " named run "
                      + p.runIds().get(0)
                      + "; the first webhook, "
                      + p.repeats()
                      + ", made "
                      + String.join(",", first)
                      + ")");
            }
          }
        }
        case READ -> {
          String unread = unread(c, p);
          if (unread != null) {
            unjudged.merge(unread, 1L, Long::sum);
          } else if (accepted(p)) {
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
          String unread = unread(c, p);
          if (unread != null) {
            unjudged.merge(unread, 1L, Long::sum);
            break; // returned nothing known to look up
          }
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
    long unjudgedProbes = unjudged.values().stream().mapToLong(Long::longValue).sum();
    if (notProbed == null && unjudgedProbes > 0) {
      List<String> why = new ArrayList<>();
      unjudged.forEach((reason, n) -> why.add(reason + " x" + n));
      notProbed =
          unjudgedProbes
              + " of "
              + sent.size()
              + " probe(s) told nothing: "
              + String.join("; ", why)
              + (unjudgedProbes < sent.size() ? " (the class is not passed on the others)" : "");
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
        firstNamed,
        otherNamed,
        unjudgedProbes,
        notProbed,
        List.copyOf(examples));
  }

  /**
   * Why a read, follow or list probe told nothing about tenancy, or null when its answer did: no
   * answer (a follow open until its timeout included), a 401 to a tenant's own token (the target
   * refused the caller, not the caller's reach into another tenant), or a list's 2xx whose body
   * held no readable run ids.
   */
  private static String unread(ProbeClass c, ProbeLedger.Probe p) {
    if (!p.answered()) {
      if (p.answeredEpochMs() == 0) {
        return "no answer was recorded (the load ended or the suite stopped before it)";
      }
      long waited = p.answeredEpochMs() - p.sentEpochMs();
      if (c == ProbeClass.CROSS_TENANT_FOLLOW && waited >= ProbeClass.FOLLOW_TIMEOUT.toMillis()) {
        return "the follow timed out after "
            + ProbeClass.FOLLOW_TIMEOUT.toSeconds()
            + " s with no answer (a live log still open: whose, is not known)";
      }
      return "got no answer (the connection failed or timed out)";
    }
    boolean crossTenant = c != ProbeClass.NO_TOKEN && c != ProbeClass.MALFORMED_TOKEN;
    if (crossTenant && p.status() == 401) {
      return "answered 401: the target refused the probe's own token (tenant "
          + p.caller()
          + "'s), so its reach into another tenant's runs was not probed";
    }
    if (c.kind() == ProbeClass.Kind.LIST && accepted(p) && p.unreadable()) {
      return "answered "
          + p.status()
          + " with a body whose runs and their ids could not be read (expected {\"runs\":"
          + " [{\"id\": ...}, ...]}), so what it listed is not known";
    }
    return null;
  }

  /**
   * Why a repeated key's 2xx cannot be held to naming the first webhook's run, or null when it can:
   * it named none (MeshHook's 202 has an empty body), or the first webhook's run is not known.
   */
  private static String replayUnjudged(ProbeLedger.Probe p, java.util.Set<String> firstRuns) {
    if (p.runIds().isEmpty()) {
      return "answered " + p.status() + " naming no run, so whether it is the first run is unknown";
    }
    if (firstRuns.isEmpty()) {
      return "the database holds no run of the webhook whose key was repeated ("
          + (p.repeats() == null ? "not recorded" : p.repeats())
          + "), so the run the "
          + p.status()
          + " named could not be compared with it";
    }
    return null;
  }

  private static boolean accepted(ProbeLedger.Probe p) {
    return p.status() >= 200 && p.status() < 300;
  }

  private static java.util.Set<String> lower(java.util.Set<String> runIds) {
    if (runIds == null) {
      return java.util.Set.of();
    }
    return runIds.stream()
        .map(id -> id.toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
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
