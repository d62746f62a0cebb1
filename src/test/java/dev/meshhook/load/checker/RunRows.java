package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tag's stored rows as re-execution needs them (load id, status, finished or not, definition),
 * by run id: read once, on a connection of their own in the events' snapshot, instead of joined to
 * every event. Joining them to every event cost the database a hash of every run's fields and a
 * copy of them on every event row, more than the events themselves (docs/PERFORMANCE.md).
 *
 * <p>A run with two {@code run_created} events of the tag has a row for each: it is counted, and
 * its events count that many times ({@link RunAssembly.Row#copies}), as when each event was joined
 * to each row. The load id is the first row's. Filled by one thread, then only read.
 */
final class RunRows {
  /** The tag's runs with their stored fields, a row per {@code run_created} event of the tag. */
  static final String SELECT =
      HistoryReader.CREATED
          + """

      SELECT c.run_id, c.load_id, w.status, w.finished_at IS NOT NULL, w.workflow_id::text
      FROM created c
      JOIN workflow_runs w ON w.id = c.run_id
      """;

  /** What many runs share: their status, whether they finished, their definition. */
  private record Kind(String status, boolean finished, String workflowId) {}

  private final RunIds ids = new RunIds();
  private String[] loadIds = new String[1024];
  private int[] kinds = new int[1024];
  private int[] copies = new int[1024];
  private final List<Kind> distinct = new ArrayList<>();

  private RunRows() {}

  /** The tag's rows, read through a binary copy on {@code c}. */
  static RunRows read(Connection c, String loadIdPrefix) throws SQLException {
    RunRows rows = new RunRows();
    Map<Kind, Integer> numbered = new HashMap<>();
    try (BinaryCopy copy = BinaryCopy.start(c, BinaryCopy.inlined(c, SELECT, loadIdPrefix))) {
      while (copy.next()) {
        int known = rows.ids.size();
        int run = rows.ids.add(copy.high(0), copy.low(0));
        if (run < known) {
          rows.copies[run]++;
          continue;
        }
        rows.loadIds = rows.ids.fit(rows.loadIds);
        rows.kinds = rows.ids.fit(rows.kinds);
        rows.copies = rows.ids.fit(rows.copies);
        Kind kind = new Kind(copy.text(2), copy.bool(3), copy.text(4));
        Integer number = numbered.get(kind);
        if (number == null) {
          number = rows.distinct.size();
          numbered.put(kind, number);
          rows.distinct.add(kind);
        }
        rows.loadIds[run] = copy.text(1);
        rows.kinds[run] = number;
        rows.copies[run] = 1;
      }
    }
    return rows;
  }

  /** The run's row, or null when the tag has no stored row for it. */
  RunAssembly.Row find(long high, long low) {
    int run = ids.find(high, low);
    if (run < 0) {
      return null;
    }
    Kind kind = distinct.get(kinds[run]);
    return new RunAssembly.Row(
        loadIds[run], kind.status(), kind.finished(), kind.workflowId(), copies[run]);
  }
}
