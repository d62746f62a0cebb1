package dev.meshhook.load.checker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Puts a tag's stored rows and its events together, run by run: each run's {@link RunRecord} and
 * its replay verdict. Pure; {@link TagScan} does the reading.
 *
 * <p>The fast path folds a run once, in id order, from types and step numbers alone. That is the
 * whole replay whenever the run's timestamps never go back in id order (timestamp order is then id
 * order) and the run has one {@code run_created} of the tag. Any other run is listed in {@link
 * Result#judgeFully} for the whole-payload replay of both orders.
 */
final class TagJudge {
  /**
   * A run as its {@code workflow_runs} row and {@code run_created} event record it, without events.
   */
  record StoredRow(
      UUID runId,
      String loadId,
      String status,
      Instant startedAt,
      Instant finishedAt,
      UUID projectId,
      UUID workflowProjectId) {}

  /**
   * {@code unreadable}: the runs with a success the dialect did not read, for a second look at
   * whether any dialect reads it ({@link StepReadings}); never judged at the replay level.
   */
  record Result(
      List<RunRecord> runs,
      List<Replay.Mismatch> replay,
      List<UUID> judgeFully,
      NotJudged notJudged,
      List<StoredRow> unreadable) {}

  private TagJudge() {}

  /** As {@link #judge(List, RunEvents, Dialect)}, the steps read in the reference dialect. */
  static Result judge(List<StoredRow> rows, RunEvents events) {
    return judge(rows, events, Dialect.REFERENCE);
  }

  /**
   * Judges the runs in as many slices as there are cores; the result keeps the rows' order. A run
   * whose successes do not name their step the {@code dialect}'s way is not judged at the dialect
   * level (its contract-level facts still are).
   */
  static Result judge(List<StoredRow> rows, RunEvents events, Dialect dialect) {
    int[] slots = new int[rows.size()];
    int slices =
        Math.max(
            1,
            Math.min(
                Runtime.getRuntime().availableProcessors(),
                rows.size() / 1_000)); // a slice of fewer runs is not worth a thread
    IntStream.range(0, slices)
        .parallel()
        .forEach(
            s -> {
              for (int i = from(s, slices, slots.length);
                  i < from(s + 1, slices, slots.length);
                  i++) {
                slots[i] = events.slot(rows.get(i).runId());
              }
            });
    // A run with two run_created events of the tag is two rows, each with the run's events:
    // counted twice, as reading the events once per row would count them.
    int[] rowsOfRun = new int[events.slots()];
    for (int slot : slots) {
      if (slot >= 0) {
        rowsOfRun[slot]++;
      }
    }
    List<Result> parts =
        IntStream.range(0, slices)
            .parallel()
            .mapToObj(
                s ->
                    judge(
                        rows,
                        slots,
                        rowsOfRun,
                        events,
                        from(s, slices, slots.length),
                        from(s + 1, slices, slots.length),
                        dialect))
            .toList();
    List<RunRecord> runs = new ArrayList<>(rows.size());
    List<Replay.Mismatch> replay = new ArrayList<>();
    java.util.Set<UUID> judgeFully =
        new java.util.LinkedHashSet<>(); // a run's two rows may fall in two slices
    NotJudged.Builder notJudged = new NotJudged.Builder();
    java.util.Map<UUID, StoredRow> unreadable = new java.util.LinkedHashMap<>();
    for (Result part : parts) {
      runs.addAll(part.runs());
      replay.addAll(part.replay());
      judgeFully.addAll(part.judgeFully());
      notJudged.addAll(part.notJudged());
      part.unreadable().forEach(row -> unreadable.putIfAbsent(row.runId(), row));
    }
    return new Result(
        runs, replay, List.copyOf(judgeFully), notJudged.build(), List.copyOf(unreadable.values()));
  }

  private static int from(int slice, int slices, int rows) {
    return (int) ((long) rows * slice / slices);
  }

  private static Result judge(
      List<StoredRow> rows,
      int[] slots,
      int[] rowsOfRun,
      RunEvents events,
      int from,
      int to,
      Dialect dialect) {
    NotJudged.Builder notJudged = new NotJudged.Builder();
    List<RunRecord> runs = new ArrayList<>(to - from);
    List<Replay.Mismatch> replay = new ArrayList<>();
    List<UUID> judgeFully = new ArrayList<>();
    List<StoredRow> unreadable = new ArrayList<>();
    RunLog log = new RunLog();
    ReplayFold.Progress progress = new ReplayFold.Progress();
    for (int i = from; i < to; i++) {
      StoredRow row = rows.get(i);
      int slot = slots[i];
      if (slot < 0) {
        continue; // no events: neither facts nor anything to replay
      }
      events.copy(slot, log);
      int copies = rowsOfRun[slot];
      // A run whose definition row is gone is still this request's run: kept, so its request is not
      // called missing, and its event log is held to the contract (no definition is a finding).
      runs.add(
          new RunRecord(
              row.loadId(),
              row.runId(),
              row.status(),
              row.startedAt(),
              row.finishedAt(),
              row.projectId(),
              row.workflowProjectId(),
              log.size() * copies,
              log.terminalEvents() * copies,
              log.lastTerminalType(),
              log.firstIsRunCreated(),
              log.endsWithTerminal(),
              log.outOfOrder()));
      if (dialect == Dialect.CONTRACT) {
        notJudged.add(dialect.unreadableSuccess(), row.runId().toString());
      } else if (log.unreadable()) {
        unreadable.add(row);
      } else if (copies > 1 || log.outOfOrder() > 0) {
        judgeFully.add(row.runId());
      } else {
        Replay.judgeInOrder(
                row.loadId(),
                row.runId(),
                row.status(),
                row.finishedAt() != null,
                log.fold(progress))
            .ifPresent(replay::add);
      }
    }
    return new Result(runs, replay, judgeFully, notJudged.build(), unreadable);
  }
}
