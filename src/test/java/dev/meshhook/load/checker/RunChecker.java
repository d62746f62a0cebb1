package dev.meshhook.load.checker;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Judges a run from what was sent (the ledger) and what the database holds (the runs of this run
 * tag). A pure function: fetching is {@link HistoryReader}'s job, so the judging can be tested on
 * hand-made histories as well as on the real engine's.
 *
 * <p>{@link #check} is composed of named sub-checks, each owning its anomaly classes: {@code
 * requests} (the one pass over the ledger: missing, duplicated, stuck, failed, orphan, and the
 * counts and end-to-end latencies), {@code unexpected runs}, {@code event log}, {@code unreadable
 * step events}, {@code replay findings}, then {@code ledger balance}, {@code nothing to judge} and
 * {@code replay coverage}. A sub-check that throws is unknown (its classes are left out of the
 * findings, the error is in the reason) and the others still judge. Precedence: a ledger that does
 * not balance is unknown before anything else (the harness, not the target, is broken); else a
 * finding over its allowance fails, whatever else could not be judged; else nothing to judge, a
 * replay level that reached no run or a sub-check that broke is unknown; else the run passes.
 */
public final class RunChecker {
  private static final Anomaly[] REQUEST_ANOMALIES = {
    Anomaly.MISSING, Anomaly.DUPLICATED, Anomaly.STUCK, Anomaly.FAILED, Anomaly.ORPHAN
  };

  private final SuiteConfig.Allowed allowed;
  private final int maxExamples;

  public RunChecker(SuiteConfig.Allowed allowed, int maxExamples) {
    this.allowed = allowed;
    this.maxExamples = maxExamples;
  }

  /**
   * All that one judgement reads: the ledger as read (with the lines it could not pair), the runs
   * of the tag, what replaying each run's events found, how far the dialect level reached ({@link
   * ReplayCoverage#NONE} when nothing was read), and the runs created in the load window that no
   * request of the ledger accounts for ({@code unaccounted}, each an unexpected run; {@link
   * Tally#notLooked} where the target is shared and nobody looked).
   */
  public record History(
      LedgerReader.Ledger ledger,
      List<RunRecord> runs,
      List<Replay.Mismatch> replay,
      ReplayCoverage coverage,
      Tally unaccounted) {
    public History {
      Objects.requireNonNull(ledger, "ledger");
      Objects.requireNonNull(runs, "runs");
      Objects.requireNonNull(replay, "replay");
      Objects.requireNonNull(coverage, "coverage");
      Objects.requireNonNull(unaccounted, "unaccounted");
    }

    /** The ledger and the runs, with nothing replayed, no dialect level and no unaccounted run. */
    public static History of(LedgerReader.Ledger ledger, List<RunRecord> runs) {
      return new History(ledger, runs, List.of(), ReplayCoverage.NONE, Tally.NONE);
    }

    /** As {@link #of(LedgerReader.Ledger, List)}, for a ledger of whole entries. */
    public static History of(String runTag, List<LedgerEntry> ledger, List<RunRecord> runs) {
      return of(new LedgerReader.Ledger(runTag, ledger), runs);
    }

    public History withReplay(List<Replay.Mismatch> replay) {
      return new History(ledger, runs, replay, coverage, unaccounted);
    }

    public History withCoverage(ReplayCoverage coverage) {
      return new History(ledger, runs, replay, coverage, unaccounted);
    }

    public History withUnaccounted(Tally unaccounted) {
      return new History(ledger, runs, replay, coverage, unaccounted);
    }
  }

  /**
   * The whole judgement. Unknown when the ledger does not balance, when there is nothing to judge
   * (nothing sent, or no webhook accepted), when the replay level reached no run, or when a
   * sub-check broke; a failure found on what there is still fails.
   */
  public Verdict check(History history) {
    LedgerReader.Ledger read = history.ledger();
    List<RunRecord> runs = history.runs();
    List<String> broken = new ArrayList<>();
    Requests requests = judge("requests", broken, () -> requests(read.entries(), runs));
    Notes unexpected =
        requests == null
            ? notJudged("unexpected runs", "requests", broken)
            : judge(
                "unexpected runs",
                broken,
                () -> unexpectedRuns(runs, requests.byLoadId(), history.unaccounted()));
    Notes eventLog = judge("event log", broken, () -> eventLog(runs));
    Notes unreadable =
        judge(
            "unreadable step events",
            broken,
            () -> unreadableStepEvents(history.coverage().unreadable()));
    Notes replay = judge("replay findings", broken, () -> replayFindings(history.replay()));

    Map<Anomaly, Notes> byAnomaly = new EnumMap<>(Anomaly.class);
    if (requests != null) {
      for (Anomaly a : REQUEST_ANOMALIES) {
        byAnomaly.put(a, requests.notes());
      }
    }
    owns(byAnomaly, Anomaly.UNEXPECTED, unexpected);
    owns(byAnomaly, Anomaly.EVENT_LOG, eventLog);
    owns(byAnomaly, Anomaly.UNREADABLE_STEP_EVENT, unreadable);
    owns(byAnomaly, Anomaly.REPLAY, replay);
    Counts c = counts(read, runs, requests, byAnomaly);
    Map<Anomaly, Verdict.Finding> findings = findings(byAnomaly);
    Latency latency = requests == null ? Latency.NONE : requests.latency();
    ReplayCoverage coverage = history.coverage();
    Tally unaccounted = history.unaccounted();
    List<String> notLooked =
        unaccounted.notJudged() == null
            ? List.of()
            : List.of("unaccounted runs: " + unaccounted.notJudged());

    String unbalanced =
        judge("ledger balance", broken, () -> ledgerBalance(read, c, requests != null));
    if (unbalanced != null) {
      // The harness lost count (a load id reused, an answer to nothing): no verdict about the
      // target.
      return new Verdict(
          Outcome.UNKNOWN,
          joined(unbalanced, broken),
          read.runTag(),
          c,
          findings,
          latency,
          coverage,
          notLooked);
    }
    List<String> failed = new ArrayList<>();
    findings
        .values()
        .forEach(
            f -> {
              if (!f.ok()) {
                failed.add(
                    f.count() + " " + f.anomaly().label() + " (allowed " + f.allowed() + ")");
              }
            });
    List<String> unknown = new ArrayList<>();
    if (failed.isEmpty()) {
      // Only a verdict no finding failed needs these (and nothing to judge may look at the ledger
      // again).
      if (requests != null) {
        String nothing = judge("nothing to judge", broken, () -> nothingToJudge(read.entries(), c));
        if (nothing != null) {
          unknown.add(nothing);
        }
      } else {
        notJudged("nothing to judge", "requests", broken);
      }
      String replayLevel = judge("replay coverage", broken, coverage::unknownBecause);
      if (replayLevel != null) {
        unknown.add(replayLevel);
      }
    }
    unknown.addAll(broken);
    // A failure found is a failure whatever else could not be judged: FAIL outranks UNKNOWN.
    Outcome outcome =
        Outcome.PASS
            .worst(failed.isEmpty() ? Outcome.PASS : Outcome.FAIL)
            .worst(unknown.isEmpty() ? Outcome.PASS : Outcome.UNKNOWN);
    String reason =
        switch (outcome) {
          case FAIL -> joined(String.join(", ", failed), broken);
          case UNKNOWN -> String.join("; ", unknown);
          default -> "every accepted webhook became exactly one finished run";
        };
    return new Verdict(outcome, reason, read.runTag(), c, findings, latency, coverage, notLooked);
  }

  /**
   * Runs one sub-check: what it returns, or null when it threw, with why in {@code broken} (the
   * sub-check is then unknown, and the others still judge).
   */
  private static <T> T judge(String name, List<String> broken, Supplier<T> subCheck) {
    try {
      return subCheck.get();
    } catch (RuntimeException e) {
      broken.add(
          name
              + ": the check broke ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")");
      return null;
    }
  }

  /** A sub-check not taken, as the one it needs broke: unknown too, and said so. */
  private static <T> T notJudged(String name, String needs, List<String> broken) {
    broken.add(name + ": not judged, as " + needs + " broke");
    return null;
  }

  private static void owns(Map<Anomaly, Notes> byAnomaly, Anomaly a, Notes notes) {
    if (notes != null) {
      byAnomaly.put(a, notes);
    }
  }

  /**
   * What the one pass over the ledger found, request by request, with the counts it yields, the
   * end-to-end latencies and the load ids the ledger holds.
   */
  private record Requests(
      Notes notes,
      long accepted,
      long rejected,
      long unanswered,
      long unansweredRan,
      long completed,
      Latency latency,
      Map<String, LoadIdRuns> byLoadId) {}

  /**
   * How many runs carry one load id, the first of them, and whether a request of the ledger holds
   * it: one small object a load id, where a list of its runs and a set of the ledger's load ids
   * took three.
   */
  private static final class LoadIdRuns {
    private RunRecord first;
    private int count;
    private boolean inLedger;

    void add(RunRecord run) {
      if (count++ == 0) {
        first = run;
      }
    }
  }

  /**
   * Sub-check {@code requests}: classifies each request of the ledger by the runs carrying its load
   * id (missing, duplicated, stuck, failed, orphan, or an unanswered request that ran), in one pass
   * over the ledger.
   */
  private Requests requests(List<LedgerEntry> ledger, List<RunRecord> runs) {
    Map<String, LoadIdRuns> byLoadId = new HashMap<>(runs.size() * 4 / 3 + 16);
    for (RunRecord run : runs) {
      byLoadId.computeIfAbsent(run.loadId(), k -> new LoadIdRuns()).add(run);
    }
    Notes notes = new Notes();
    long accepted = 0, rejected = 0, unanswered = 0, unansweredRan = 0, completed = 0;
    long[] e2e = new long[ledger.size()];
    int e2eCount = 0;
    for (LedgerEntry request : ledger) {
      LoadIdRuns runsOfIt = byLoadId.get(request.loadId());
      if (runsOfIt != null) {
        runsOfIt.inLedger = true;
      }
      int found = runsOfIt == null ? 0 : runsOfIt.count;
      String answer;
      if (!request.answered()) {
        unanswered++;
        if (found == 0) {
          continue; // no answer and no run: either was legal, nothing to judge
        }
        // The engine died between its commit and its answer: what it committed is judged like an
        // accepted request's, or two runs and an unfinished one would pass unseen.
        unansweredRan++;
        answer = "no answer, ";
      } else if (!request.accepted()) {
        rejected++;
        if (found > 0) {
          notes.note(
              Anomaly.ORPHAN,
              request.loadId()
                  + " (HTTP "
                  + request.status()
                  + ", run "
                  + runsOfIt.first.runId()
                  + ")");
        }
        continue;
      } else {
        accepted++;
        answer = "";
        if (found == 0) {
          notes.note(
              Anomaly.MISSING,
              request.loadId()
                  + (request.runId() == null ? "" : " (answered run " + request.runId() + ")"));
          continue;
        }
      }
      if (found > 1) {
        notes.note(Anomaly.DUPLICATED, request.loadId() + " (" + answer + found + " runs)");
        continue;
      }
      RunRecord run = runsOfIt.first;
      if (!run.terminal()) {
        notes.note(
            Anomaly.STUCK,
            request.loadId() + " (" + answer + "run " + run.runId() + " " + run.status() + ")");
        continue;
      }
      if ("succeeded".equals(run.status())) {
        completed++;
      } else {
        notes.note(
            Anomaly.FAILED,
            request.loadId() + " (" + answer + "run " + run.runId() + " " + run.status() + ")");
      }
      if (run.finishedAt() != null && request.answered()) {
        e2e[e2eCount++] = Math.max(0, run.finishedAt().toEpochMilli() - request.sentEpochMs());
      }
    }
    return new Requests(
        notes,
        accepted,
        rejected,
        unanswered,
        unansweredRan,
        completed,
        Latency.of(Arrays.copyOf(e2e, e2eCount)),
        byLoadId);
  }

  /**
   * Sub-check {@code unexpected runs}: the tag's runs whose load id no request of the ledger holds,
   * then the runs found by a look of their own that no request accounts for.
   */
  private Notes unexpectedRuns(
      List<RunRecord> runs, Map<String, LoadIdRuns> byLoadId, Tally unaccounted) {
    Notes notes = new Notes();
    for (RunRecord run : runs) {
      if (!byLoadId.get(run.loadId()).inLedger) {
        notes.note(Anomaly.UNEXPECTED, run.loadId() + " (run " + run.runId() + ")");
      }
    }
    notes.add(Anomaly.UNEXPECTED, unaccounted);
    return notes;
  }

  /** Sub-check {@code event log}: each run's event log held against the contract. */
  private Notes eventLog(List<RunRecord> runs) {
    Notes notes = new Notes();
    for (RunRecord run : runs) {
      String problem = eventLogProblem(run);
      if (problem != null) {
        notes.note(Anomaly.EVENT_LOG, run.loadId() + " (run " + run.runId() + "): " + problem);
      }
    }
    return notes;
  }

  /** Sub-check {@code unreadable step events}: runs whose step events no dialect reads. */
  private Notes unreadableStepEvents(Tally unreadable) {
    Notes notes = new Notes();
    notes.add(Anomaly.UNREADABLE_STEP_EVENT, unreadable);
    return notes;
  }

  /** Sub-check {@code replay findings}: each run whose events do not replay to what is stored. */
  private Notes replayFindings(List<Replay.Mismatch> replay) {
    Notes notes = new Notes();
    for (Replay.Mismatch m : replay) {
      notes.note(Anomaly.REPLAY, m.describe());
    }
    return notes;
  }

  /**
   * Sub-check {@code ledger balance}: why the ledger does not balance (so the harness, not the
   * target, is broken), or null. Counts that {@code requests} could not take are not held against
   * the harness; the ledger's own defects still are.
   */
  private static String ledgerBalance(LedgerReader.Ledger read, Counts c, boolean counted) {
    if (read.defects().isEmpty() && (!counted || c.balanced())) {
      return null;
    }
    return "the ledger does not balance, so the harness, not the target, is broken: "
        + (read.defects().isEmpty() ? "" : String.join("; ", read.defects()) + "; ")
        + c;
  }

  private Counts counts(
      LedgerReader.Ledger read, List<RunRecord> runs, Requests r, Map<Anomaly, Notes> byAnomaly) {
    return new Counts(
        read.sentLines(),
        r == null ? 0 : r.accepted(),
        r == null ? 0 : r.rejected(),
        r == null ? 0 : r.unanswered(),
        r == null ? 0 : r.unansweredRan(),
        r == null ? 0 : r.completed(),
        count(byAnomaly, Anomaly.FAILED),
        count(byAnomaly, Anomaly.STUCK),
        count(byAnomaly, Anomaly.MISSING),
        count(byAnomaly, Anomaly.DUPLICATED),
        count(byAnomaly, Anomaly.ORPHAN),
        count(byAnomaly, Anomaly.UNEXPECTED),
        count(byAnomaly, Anomaly.EVENT_LOG),
        count(byAnomaly, Anomaly.REPLAY),
        runs.size(),
        count(byAnomaly, Anomaly.UNREADABLE_STEP_EVENT));
  }

  private static long count(Map<Anomaly, Notes> byAnomaly, Anomaly a) {
    Notes notes = byAnomaly.get(a);
    return notes == null ? 0 : notes.count(a);
  }

  private static String joined(String first, List<String> rest) {
    if (rest.isEmpty()) {
      return first;
    }
    return first + "; " + String.join("; ", rest);
  }

  /**
   * Why a run with no finding still proves nothing, or null when it does: a verdict that every
   * accepted webhook became one finished run, over no accepted webhook, is a verdict over nothing.
   */
  private static String nothingToJudge(List<LedgerEntry> ledger, Counts c) {
    if (c.sent() == 0) {
      return "nothing was sent, so there is nothing to verify";
    }
    if (c.accepted() > 0) {
      return null;
    }
    // Only a run with nothing accepted pays for this second look at the ledger.
    long meantToBeAccepted =
        ledger.stream().filter(e -> e.expectedStatus() >= 200 && e.expectedStatus() < 300).count();
    // Even a run whose every request was meant to be refused proves nothing of the engine's runs:
    // that no run came of a rejection is still judged (an orphan fails), but it is no PASS.
    return "none of the "
        + c.sent()
        + " webhooks sent was accepted ("
        + meantToBeAccepted
        + " meant to be; "
        + c.rejected()
        + " rejected, "
        + c.unanswered()
        + " unanswered), so no run could be verified";
  }

  /** The first way this run's event log breaks the contract, or null. */
  public static String eventLogProblem(RunRecord run) {
    if (run.events() == 0 || !run.firstIsRunCreated()) {
      return "first event is not run_created";
    }
    if (run.outOfOrder() > 0) {
      return run.outOfOrder() + " event(s) with a timestamp before the previous one";
    }
    if (run.workflowProjectId() == null) {
      return "its workflow definition is not in workflow_definitions, so its tenant cannot be"
          + " held against the workflow's";
    }
    if (!run.projectId().equals(run.workflowProjectId())) {
      return "run belongs to tenant "
          + run.projectId()
          + " but its workflow to "
          + run.workflowProjectId();
    }
    if (!run.terminal()) {
      return run.terminalEvents() == 0
          ? null
          : "status " + run.status() + " but a terminal event was written";
    }
    if (run.terminalEvents() != 1) {
      return "status "
          + run.status()
          + " with "
          + run.terminalEvents()
          + " terminal events (expected exactly one)";
    }
    String replayed = "run_completed".equals(run.lastTerminalType()) ? "succeeded" : "failed";
    String stored = "canceled".equals(run.status()) ? "failed" : run.status();
    if (!replayed.equals(stored)) {
      return "event log replays to " + replayed + " but the run is stored as " + run.status();
    }
    if (!run.endsWithTerminal()) {
      return "events follow the terminal event";
    }
    if (run.finishedAt() == null) {
      return "terminal status without finished_at";
    }
    return null;
  }

  /** One sub-check's anomalies: how many of each class, and the first few examples. */
  private final class Notes {
    private final long[] counts = new long[Anomaly.values().length];
    private final List<List<String>> examples = new ArrayList<>(Anomaly.values().length);

    Notes() {
      for (int i = 0; i < counts.length; i++) {
        examples.add(new ArrayList<>());
      }
    }

    void note(Anomaly a, String example) {
      counts[a.ordinal()]++;
      List<String> list = examples.get(a.ordinal());
      if (list.size() < maxExamples) {
        list.add(example);
      }
    }

    /** A tally found by a look of its own: its examples first, then the rest of its count. */
    void add(Anomaly a, Tally tally) {
      tally.examples().forEach(e -> note(a, e));
      counts[a.ordinal()] += tally.count() - tally.examples().size();
    }

    long count(Anomaly a) {
      return counts[a.ordinal()];
    }

    Verdict.Finding finding(Anomaly a, long allowed) {
      return new Verdict.Finding(
          a, counts[a.ordinal()], allowed, List.copyOf(examples.get(a.ordinal())));
    }
  }

  /** One finding per class whose sub-check judged; a class whose sub-check broke is left out. */
  private Map<Anomaly, Verdict.Finding> findings(Map<Anomaly, Notes> byAnomaly) {
    Map<Anomaly, Verdict.Finding> out = new EnumMap<>(Anomaly.class);
    byAnomaly.forEach((a, notes) -> out.put(a, notes.finding(a, allowedFor(a))));
    return out;
  }

  private long allowedFor(Anomaly a) {
    return switch (a) {
      case MISSING -> allowed.missing();
      case DUPLICATED -> allowed.duplicated();
      case STUCK -> allowed.stuck();
      case FAILED -> allowed.failed();
      case ORPHAN -> allowed.orphan();
      case EVENT_LOG -> allowed.eventLog();
      case UNEXPECTED -> allowed.unexpected();
      case REPLAY -> allowed.replay();
      case UNREADABLE_STEP_EVENT -> allowed.unreadableStepEvent();
    };
  }
}
