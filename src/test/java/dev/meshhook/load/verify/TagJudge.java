package dev.meshhook.load.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

/**
 * Puts a tag's stored rows and its events together, run by run: each run's {@link RunRecord} and
 * its replay verdict. Pure; {@link TagScan} does the reading.
 *
 * <p>The fast path folds a run once, in id order, from types and step numbers alone. That is the
 * whole replay whenever the run's timestamps never go back in id order (timestamp order is then id
 * order) and the run has one {@code run_created} of the tag. Any other run is listed in
 * {@link Result#judgeFully} for the whole-payload replay of both orders.
 */
final class TagJudge {
  /** A run as its {@code workflow_runs} row and {@code run_created} event record it, without events. */
  record StoredRow(UUID runId, String loadId, String status, Instant startedAt, Instant finishedAt, UUID projectId,
      UUID workflowProjectId) {}

  record Result(List<RunRecord> runs, List<Replay.Mismatch> replay, List<UUID> judgeFully) {}

  private TagJudge() {}

  static Result judge(List<StoredRow> rows, RunEvents events) {
    // A run with two run_created events of the tag is two rows, each with the run's events:
    // counted twice, as reading the events once per row would count them.
    int[] rowsOfRun = new int[events.slots()];
    int[] slots = new int[rows.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = events.slot(rows.get(i).runId());
      if (slots[i] >= 0) {
        rowsOfRun[slots[i]]++;
      }
    }
    List<RunRecord> runs = new ArrayList<>(rows.size());
    List<Replay.Mismatch> replay = new ArrayList<>();
    List<UUID> judgeFully = new ArrayList<>();
    BitSet listed = new BitSet();
    RunLog log = new RunLog();
    ReplayFold.Progress progress = new ReplayFold.Progress();
    for (int i = 0; i < slots.length; i++) {
      StoredRow row = rows.get(i);
      int slot = slots[i];
      if (slot < 0) {
        continue; // no events: neither facts nor anything to replay
      }
      events.copy(slot, log);
      int copies = rowsOfRun[slot];
      if (row.workflowProjectId() != null) {
        runs.add(new RunRecord(row.loadId(), row.runId(), row.status(), row.startedAt(), row.finishedAt(), row.projectId(),
            row.workflowProjectId(), log.size() * copies, log.terminalEvents() * copies, log.lastTerminalType(),
            log.firstIsRunCreated(), log.endsWithTerminal(), log.outOfOrder()));
      }
      if (copies > 1 || log.outOfOrder() > 0) {
        if (!listed.get(slot)) {
          listed.set(slot);
          judgeFully.add(row.runId());
        }
      } else {
        Replay.judgeInOrder(row.loadId(), row.runId().toString(), row.status(), row.finishedAt() != null, log.fold(progress))
            .ifPresent(replay::add);
      }
    }
    return new Result(runs, replay, judgeFully);
  }
}
