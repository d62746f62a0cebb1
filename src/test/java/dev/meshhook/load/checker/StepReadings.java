package dev.meshhook.load.checker;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The second look at the few runs whose successes the chosen dialect did not read: is each such
 * event read by another dialect (the run is written in that one, and is not judged here), or by
 * none (the run's step event is unreadable: a finding of its own, counted with its load id)?
 */
final class StepReadings {
  static final String EVENTS =
      WholeRuns.SELECT
          + "WHERE r.run_id = ANY (?) AND e.type = 'step_succeeded'\n"
          + WholeRuns.ORDER;

  /** Why a run with a step event no dialect reads is not judged at the replay level. */
  static final String NO_DIALECT = "a step_succeeded event names its step in no dialect";

  /** Why a run whose step events another dialect reads is not judged in the chosen one. */
  static final java.util.function.Function<Dialect, String> OTHER_DIALECT =
      d -> d.unreadableSuccess() + ", another dialect reads it";

  /**
   * Runs not judged (written in another dialect, or with a step event none reads), and the latter
   * counted: a finding of their own.
   */
  record Result(NotJudged notJudged, Tally unreadable) {}

  private StepReadings() {}

  static Result read(
      Connection c, String loadIdPrefix, List<UUID> runIds, Dialect chosen, int maxExamples)
      throws SQLException {
    NotJudged.Builder notJudged = new NotJudged.Builder();
    Tally.Builder unreadable = new Tally.Builder(maxExamples);
    try (PreparedStatement ps = c.prepareStatement(EVENTS)) {
      ps.setString(1, loadIdPrefix);
      ps.setArray(2, c.createArrayOf("uuid", runIds.toArray()));
      WholeRuns.stream(
          ps,
          run -> {
            String none = unreadByAny(run.stored().events(), chosen);
            Replay.StoredRun stored = run.stored();
            if (none != null) {
              unreadable.add(stored.loadId() + " (run " + stored.runId() + "): " + none);
              notJudged.add(NO_DIALECT, stored.runId());
            } else {
              notJudged.add(OTHER_DIALECT.apply(chosen), stored.runId());
            }
          });
    }
    return new Result(notJudged.build(), unreadable.build());
  }

  /**
   * The first success no dialect reads, described with its id and a short view of its payload; null
   * when each success is read by some dialect.
   */
  static String unreadByAny(List<ReplayFold.Event> successes, Dialect chosen) {
    Map<String, Integer> nodes = new HashMap<>();
    for (ReplayFold.Event e : successes) {
      if (chosen.successKey(e.payload(), nodes) != Dialect.UNREADABLE) {
        continue;
      }
      boolean read = false;
      for (Dialect d : Dialect.values()) {
        read |= d != Dialect.CONTRACT && d.successKey(e.payload(), nodes) != Dialect.UNREADABLE;
      }
      if (!read) {
        return "step_succeeded event "
            + e.id()
            + " names its step in no dialect (no integer 'step', no 'node.id'): "
            + shortened(e.payload());
      }
    }
    return null;
  }

  private static String shortened(JsonNode payload) {
    String text = payload.toString();
    return text.length() <= 120 ? text : text.substring(0, 117) + "...";
  }
}
