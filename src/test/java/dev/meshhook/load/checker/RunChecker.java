package dev.meshhook.load.checker;

import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.ledger.LedgerReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a run from what was sent (the ledger) and what the database holds (the runs of this run
 * tag). A pure function: fetching is {@link HistoryReader}'s job, so the judging can be tested on
 * hand-made histories as well as on the real engine's.
 */
public final class RunChecker {
  private final SuiteConfig.Allowed allowed;
  private final int maxExamples;

  public RunChecker(SuiteConfig.Allowed allowed, int maxExamples) {
    this.allowed = allowed;
    this.maxExamples = maxExamples;
  }

  public Verdict check(String runTag, List<LedgerEntry> ledger, List<RunRecord> runs) {
    return check(runTag, ledger, runs, List.of());
  }

  /** As {@link #check(String, List, List)}, with what replaying each run's events found. */
  public Verdict check(
      String runTag, List<LedgerEntry> ledger, List<RunRecord> runs, List<Replay.Mismatch> replay) {
    return check(new LedgerReader.Ledger(runTag, ledger), runs, replay);
  }

  /**
   * The whole judgement: the ledger as read (with the lines it could not pair), the runs, and what
   * replay found. Unknown when there is nothing to judge (nothing sent, or no webhook accepted) or
   * the ledger does not balance; a failure found on what there is still fails.
   */
  public Verdict check(
      LedgerReader.Ledger read, List<RunRecord> runs, List<Replay.Mismatch> replay) {
    return check(read, runs, replay, ReplayCoverage.NONE);
  }

  /**
   * As {@link #check(LedgerReader.Ledger, List, List)}, with how far the dialect level reached: a
   * named dialect the runs are not written in, or a replay level that judged no run, makes an
   * otherwise clean verdict unknown.
   */
  public Verdict check(
      LedgerReader.Ledger read,
      List<RunRecord> runs,
      List<Replay.Mismatch> replay,
      ReplayCoverage coverage) {
    return check(read, runs, replay, coverage, Tally.NONE);
  }

  /**
   * The whole judgement, with the runs created in the load window that no request of the ledger
   * accounts for ({@code unaccounted}, each an unexpected run; {@link Tally#notLooked} where the
   * target is shared and nobody looked).
   */
  public Verdict check(
      LedgerReader.Ledger read,
      List<RunRecord> runs,
      List<Replay.Mismatch> replay,
      ReplayCoverage coverage,
      Tally unaccounted) {
    String runTag = read.runTag();
    List<LedgerEntry> ledger = read.entries();
    Map<String, List<RunRecord>> byLoadId = new HashMap<>();
    for (RunRecord run : runs) {
      byLoadId.computeIfAbsent(run.loadId(), k -> new ArrayList<>(1)).add(run);
    }
    Map<Anomaly, List<String>> examples = new EnumMap<>(Anomaly.class);
    Map<Anomaly, Long> counts = new EnumMap<>(Anomaly.class);
    for (Anomaly a : Anomaly.values()) {
      examples.put(a, new ArrayList<>());
      counts.put(a, 0L);
    }
    long accepted = 0, rejected = 0, unanswered = 0, unansweredRan = 0, completed = 0;
    long[] e2e = new long[ledger.size()];
    int e2eCount = 0;
    Map<String, Boolean> inLedger = new HashMap<>(ledger.size() * 2);
    for (LedgerEntry request : ledger) {
      inLedger.put(request.loadId(), Boolean.TRUE);
      List<RunRecord> found = byLoadId.getOrDefault(request.loadId(), List.of());
      String answer;
      if (!request.answered()) {
        unanswered++;
        if (found.isEmpty()) {
          continue; // no answer and no run: either was legal, nothing to judge
        }
        // The engine died between its commit and its answer: what it committed is judged like an
        // accepted request's, or two runs and an unfinished one would pass unseen.
        unansweredRan++;
        answer = "no answer, ";
      } else if (!request.accepted()) {
        rejected++;
        if (!found.isEmpty()) {
          note(
              counts,
              examples,
              Anomaly.ORPHAN,
              request.loadId()
                  + " (HTTP "
                  + request.status()
                  + ", run "
                  + found.get(0).runId()
                  + ")");
        }
        continue;
      } else {
        accepted++;
        answer = "";
        if (found.isEmpty()) {
          note(
              counts,
              examples,
              Anomaly.MISSING,
              request.loadId()
                  + (request.runId() == null ? "" : " (answered run " + request.runId() + ")"));
          continue;
        }
      }
      if (found.size() > 1) {
        note(
            counts,
            examples,
            Anomaly.DUPLICATED,
            request.loadId() + " (" + answer + found.size() + " runs)");
        continue;
      }
      RunRecord run = found.get(0);
      if (!run.terminal()) {
        note(
            counts,
            examples,
            Anomaly.STUCK,
            request.loadId() + " (" + answer + "run " + run.runId() + " " + run.status() + ")");
        continue;
      }
      if ("succeeded".equals(run.status())) {
        completed++;
      } else {
        note(
            counts,
            examples,
            Anomaly.FAILED,
            request.loadId() + " (" + answer + "run " + run.runId() + " " + run.status() + ")");
      }
      if (run.finishedAt() != null && request.answered()) {
        e2e[e2eCount++] = Math.max(0, run.finishedAt().toEpochMilli() - request.sentEpochMs());
      }
    }
    for (RunRecord run : runs) {
      if (!inLedger.containsKey(run.loadId())) {
        note(counts, examples, Anomaly.UNEXPECTED, run.loadId() + " (run " + run.runId() + ")");
      }
      String problem = eventLogProblem(run);
      if (problem != null) {
        note(
            counts,
            examples,
            Anomaly.EVENT_LOG,
            run.loadId() + " (run " + run.runId() + "): " + problem);
      }
    }
    unaccounted.examples().forEach(e -> note(counts, examples, Anomaly.UNEXPECTED, e));
    counts.merge(
        Anomaly.UNEXPECTED, unaccounted.count() - unaccounted.examples().size(), Long::sum);
    Tally unreadable = coverage.unreadable();
    unreadable.examples().forEach(e -> note(counts, examples, Anomaly.UNREADABLE_STEP_EVENT, e));
    counts.merge(
        Anomaly.UNREADABLE_STEP_EVENT,
        unreadable.count() - unreadable.examples().size(),
        Long::sum);
    for (Replay.Mismatch m : replay) {
      note(counts, examples, Anomaly.REPLAY, m.describe());
    }
    Counts c =
        new Counts(
            read.sentLines(),
            accepted,
            rejected,
            unanswered,
            unansweredRan,
            completed,
            counts.get(Anomaly.FAILED),
            counts.get(Anomaly.STUCK),
            counts.get(Anomaly.MISSING),
            counts.get(Anomaly.DUPLICATED),
            counts.get(Anomaly.ORPHAN),
            counts.get(Anomaly.UNEXPECTED),
            counts.get(Anomaly.EVENT_LOG),
            counts.get(Anomaly.REPLAY),
            runs.size(),
            counts.get(Anomaly.UNREADABLE_STEP_EVENT));
    Latency latency = Latency.of(java.util.Arrays.copyOf(e2e, e2eCount));
    Map<Anomaly, Verdict.Finding> findings = findings(counts, examples);
    List<String> notLooked =
        unaccounted.notJudged() == null
            ? List.of()
            : List.of("unaccounted runs: " + unaccounted.notJudged());
    if (!c.balanced() || !read.defects().isEmpty()) {
      // The harness lost count (a load id reused, an answer to nothing): no verdict about the
      // target.
      return new Verdict(
          Outcome.UNKNOWN,
          "the ledger does not balance, so the harness, not the target, is broken: "
              + (read.defects().isEmpty() ? "" : String.join("; ", read.defects()) + "; ")
              + c,
          runTag,
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
    if (!failed.isEmpty()) {
      return new Verdict(
          Outcome.FAIL,
          String.join(", ", failed),
          runTag,
          c,
          findings,
          latency,
          coverage,
          notLooked);
    }
    List<String> unknown = new ArrayList<>();
    String nothing = nothingToJudge(ledger, c);
    if (nothing != null) {
      unknown.add(nothing);
    }
    String replayLevel = coverage.unknownBecause();
    if (replayLevel != null) {
      unknown.add(replayLevel);
    }
    return !unknown.isEmpty()
        ? new Verdict(
            Outcome.UNKNOWN,
            String.join("; ", unknown),
            runTag,
            c,
            findings,
            latency,
            coverage,
            notLooked)
        : new Verdict(
            Outcome.PASS,
            "every accepted webhook became exactly one finished run",
            runTag,
            c,
            findings,
            latency,
            coverage,
            notLooked);
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

  private void note(
      Map<Anomaly, Long> counts, Map<Anomaly, List<String>> examples, Anomaly a, String example) {
    counts.merge(a, 1L, Long::sum);
    List<String> list = examples.get(a);
    if (list.size() < maxExamples) {
      list.add(example);
    }
  }

  private Map<Anomaly, Verdict.Finding> findings(
      Map<Anomaly, Long> counts, Map<Anomaly, List<String>> examples) {
    Map<Anomaly, Verdict.Finding> out = new EnumMap<>(Anomaly.class);
    for (Anomaly a : Anomaly.values()) {
      out.put(
          a, new Verdict.Finding(a, counts.get(a), allowedFor(a), List.copyOf(examples.get(a))));
    }
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
