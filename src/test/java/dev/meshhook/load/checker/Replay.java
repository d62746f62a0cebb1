package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays every run of a run tag: folds its events ({@link ReplayFold}) and compares the result
 * with the stored row. A mismatch names the run, the field and both values. Also: the fold must not
 * depend on reading the events in id or in timestamp order, and no step may succeed twice within
 * one attempt.
 */
public final class Replay {
  /** A run whose stored row disagrees with its events: each field with both values. */
  public record Mismatch(String loadId, String runId, List<String> differences) {
    public String describe() {
      return loadId + " (run " + runId + "): " + String.join("; ", differences);
    }
  }

  /** The stored row's facts the fold can be held against, and the run's events in id order. */
  public record StoredRun(
      String loadId,
      String runId,
      String status,
      boolean finished,
      List<ReplayFold.Event> events) {}

  static final String EVENTS = WholeRuns.SELECT + "WHERE r.run_id = ANY (?)\n" + WholeRuns.ORDER;

  private Replay() {}

  /** Judges one run; empty when its row and its events agree. */
  public static java.util.Optional<Mismatch> judge(StoredRun run) {
    return judge(run, Dialect.REFERENCE);
  }

  /** Judges one run whose steps are named the {@code dialect}'s way. */
  static java.util.Optional<Mismatch> judge(StoredRun run, Dialect dialect) {
    ReplayFold.State state = ReplayFold.fold(run.events(), dialect);
    ReplayFold.State byTime = ReplayFold.fold(ReplayFold.byTimestamp(run.events()), dialect);
    List<String> found =
        differences(
            run.status(),
            run.finished(),
            state.status(),
            state.doubleCompletions(),
            Objects.equals(state, byTime) ? null : byTime.status());
    return found.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(new Mismatch(run.loadId(), run.runId(), found));
  }

  /**
   * Judges a run whose events' timestamps never go back in id order: timestamp order is then id
   * order, so the second fold would repeat the first and only its status and double completions
   * count.
   */
  static java.util.Optional<Mismatch> judgeInOrder(
      String loadId,
      java.util.UUID runId,
      String storedStatus,
      boolean finished,
      ReplayFold.Progress replayed) {
    List<String> found =
        differences(storedStatus, finished, replayed.status(), replayed.doubleCompletions(), null);
    return found.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(new Mismatch(loadId, runId.toString(), found));
  }

  /**
   * Each field where the row and the fold disagree; {@code byTimeStatus} is null when both orders
   * fold alike.
   */
  private static List<String> differences(
      String storedStatus,
      boolean finished,
      String replayedStatus,
      int doubleCompletions,
      String byTimeStatus) {
    List<String> found = new ArrayList<>(0);
    if (!replayedStatus.equals(storedStatus)) {
      found.add("status stored " + storedStatus + ", replayed " + replayedStatus);
    }
    boolean terminal = replayedStatus.equals("succeeded") || replayedStatus.equals("failed");
    if (terminal != finished) {
      found.add(
          "finished_at stored "
              + (finished ? "set" : "empty")
              + ", replayed "
              + (terminal ? "set" : "empty"));
    }
    if (byTimeStatus != null) {
      found.add(
          "fold order: id order gives "
              + replayedStatus
              + ", timestamp order gives "
              + byTimeStatus);
    }
    if (doubleCompletions > 0) {
      found.add(
          "step completions: " + doubleCompletions + " step(s) completed twice in one attempt");
    }
    return found.isEmpty() ? List.of() : List.copyOf(found);
  }

  /** Reads and judges every run whose load id starts with {@code loadIdPrefix}. */
  public static List<Mismatch> check(HistoryReader history, String loadIdPrefix)
      throws SQLException {
    return history.read(loadIdPrefix).replay();
  }

  /**
   * Judges the given runs of the tag from their whole events, both fold orders: for the few runs
   * the fast path cannot vouch for. Streams run by run on {@code c}, whose snapshot the caller
   * chose.
   */
  static List<Mismatch> judgeFully(
      Connection c, String loadIdPrefix, List<java.util.UUID> runIds, Dialect dialect)
      throws SQLException {
    List<Mismatch> found = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
      ps.setString(1, loadIdPrefix);
      ps.setArray(2, c.createArrayOf("uuid", runIds.toArray()));
      WholeRuns.stream(ps, run -> judge(run.stored(), dialect).ifPresent(found::add));
    }
    return found;
  }
}
