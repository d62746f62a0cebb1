package dev.meshhook.load.checker;

import dev.meshhook.load.config.SuiteConfig.DialectSetting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The dialect a verification judges in, whether the user named it or {@code auto} chose it, and
 * why. Under {@code auto} a run the dialect cannot read is "not judged"; under a named dialect it
 * makes the verdict unknown.
 */
public record DialectChoice(Dialect dialect, boolean named, String why) {
  /** What a sample of the tag's events and the stored definitions say about the dialect. */
  record Evidence(
      long numberedSuccesses,
      long nodeSuccesses,
      long successes,
      long stepListDefinitions,
      long graphDefinitions,
      long definitions) {}

  /** Runs sampled for {@code auto}: enough to see the dialect, a bounded read on any tag. */
  static final int SAMPLE_RUNS = 1_000;

  static final String SUCCESSES =
      HistoryReader.CREATED
          + """
      , sample AS (SELECT run_id FROM created LIMIT %d)
      SELECT count(*) FILTER (WHERE jsonb_typeof(e.payload -> 'step') = 'number'),
             count(*) FILTER (WHERE jsonb_typeof(e.payload -> 'node' -> 'id') = 'string'),
             count(*)
      FROM workflow_events e
      WHERE e.type = 'step_succeeded' AND e.run_id IN (SELECT run_id FROM sample)
      """
              .formatted(SAMPLE_RUNS);

  static final String DEFINITIONS =
      """
      SELECT count(*) FILTER (WHERE jsonb_typeof(definition -> 'steps') = 'array'),
             count(*) FILTER (WHERE jsonb_typeof(definition -> 'nodes') = 'array'),
             count(*)
      FROM workflow_definitions
      """;

  public static final DialectChoice CONTRACT_ONLY =
      new DialectChoice(Dialect.CONTRACT, true, "set by verify.dialect");

  /** The dialect for this tag: the one named, or what {@code auto} reads from the database. */
  public static DialectChoice of(DialectSetting setting, HistoryReader history, String prefix)
      throws SQLException {
    return switch (setting) {
      case REFERENCE -> new DialectChoice(Dialect.REFERENCE, true, "set by verify.dialect");
      case MESHHOOK -> new DialectChoice(Dialect.MESHHOOK, true, "set by verify.dialect");
      case CONTRACT -> CONTRACT_ONLY;
      case AUTO -> {
        try (Connection c = history.connect()) {
          yield chosen(read(c, prefix));
        }
      }
    };
  }

  static Evidence read(Connection c, String prefix) throws SQLException {
    long[] successes = new long[3];
    try (PreparedStatement ps = c.prepareStatement(SUCCESSES)) {
      ps.setString(1, prefix);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        for (int i = 0; i < 3; i++) {
          successes[i] = rs.getLong(i + 1);
        }
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(DEFINITIONS)) {
      rs.next();
      return new Evidence(
          successes[0], successes[1], successes[2], rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  /** {@code auto}'s rule: the events decide; with no step events, the definitions do. */
  static DialectChoice chosen(Evidence e) {
    String definitions =
        e.definitions()
            + " definition(s): "
            + e.stepListDefinitions()
            + " step list(s), "
            + e.graphDefinitions()
            + " nodes/edges graph(s)";
    if (e.successes() > 0) {
      String events =
          "of "
              + e.successes()
              + " step_succeeded event(s) in up to "
              + SAMPLE_RUNS
              + " runs, "
              + e.numberedSuccesses()
              + " name an integer 'step' and "
              + e.nodeSuccesses()
              + " a 'node.id'; "
              + definitions;
      // The dialect that reads a clear majority of the sample judges the tag: a few step events
      // it cannot read are those runs' own finding (unreadable-step-event) or, written in the other
      // dialect, not judged; they never switch the replay level off for the rest.
      if (majority(e.numberedSuccesses(), e.nodeSuccesses(), e.successes())) {
        return new DialectChoice(Dialect.REFERENCE, false, events);
      }
      if (majority(e.nodeSuccesses(), e.numberedSuccesses(), e.successes())) {
        return new DialectChoice(Dialect.MESHHOOK, false, events);
      }
      return new DialectChoice(
          Dialect.CONTRACT, false, events + "; no dialect reads a clear majority of them");
    }
    String none = "no step_succeeded event in the tag's first " + SAMPLE_RUNS + " runs; ";
    if (e.definitions() > 0 && e.stepListDefinitions() == e.definitions()) {
      return new DialectChoice(Dialect.REFERENCE, false, none + definitions);
    }
    if (e.definitions() > 0 && e.graphDefinitions() == e.definitions()) {
      return new DialectChoice(Dialect.MESHHOOK, false, none + definitions);
    }
    return new DialectChoice(
        Dialect.CONTRACT, false, none + definitions + "; neither dialect reads them all");
  }

  /**
   * Whether a dialect reading {@code reads} of {@code all} sampled step events, against {@code
   * other} read by the other dialect, holds a clear majority: more than half of them all, and more
   * than twice the other's.
   */
  static boolean majority(long reads, long other, long all) {
    return reads * 2 > all && reads > other * 2;
  }

  /** One line for the console: the dialect and why. */
  public String describe() {
    return dialect.flag() + " (" + source() + ")";
  }

  /** Who chose the dialect, and why. */
  public String source() {
    return named ? why : "auto: " + why;
  }
}
