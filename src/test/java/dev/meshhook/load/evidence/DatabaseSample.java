package dev.meshhook.load.evidence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One reading of the target's PostgreSQL, as {@link DatabaseSampler} takes it each second: what its
 * backends are doing at that moment, its cumulative counters, and the contract tables' live and
 * dead rows. NaN where the figure was not available (a view this server lacks, a role that may not
 * see it), never made up.
 *
 * <p>Counters are stored as PostgreSQL reports them, cumulative since its statistics were last
 * reset, so that a lost sample loses no work: {@link Counters#since} gives the work between two
 * readings.
 */
public record DatabaseSample(
    long epochMs, Activity activity, Counters counters, Tables tables, double databaseCores) {

  /**
   * How active sessions are told apart: {@code pg_stat_activity.wait_event_type}, with "CPU" for an
   * active session that waits for nothing (running, or runnable and waiting for a core: PostgreSQL
   * cannot tell the two apart) and "Other" for a type this list does not know (PostgreSQL adds
   * some).
   */
  public static final List<String> WAITS =
      List.of(
          "CPU",
          "Lock",
          "LWLock",
          "IO",
          "IPC",
          "Client",
          "Timeout",
          "BufferPin",
          "Extension",
          "Activity",
          "Other");

  /**
   * The backends of the target database at the moment of the sample, the sampler's own left out.
   * Everything but {@code locksNotGranted} is NaN when the role may not see other roles' sessions
   * (it needs pg_monitor).
   *
   * @param activeByWait active sessions per {@link #WAITS} entry, every entry present
   * @param oldestTransactionMs age of the oldest open transaction; 0 when none is open
   */
  public record Activity(
      double active,
      double idleInTransaction,
      Map<String, Double> activeByWait,
      double locksNotGranted,
      double oldestTransactionMs) {
    public Activity {
      activeByWait = Map.copyOf(activeByWait);
    }

    /** Active sessions waiting on {@code wait} (one of {@link #WAITS}); NaN if not seen. */
    public double active(String wait) {
      return activeByWait.getOrDefault(wait, Double.NaN);
    }

    /** One {@code pg_stat_activity} group: sessions of this state and wait event type. */
    public record Group(String state, String waitEventType, long sessions) {}

    /** Counts the groups of a {@code GROUP BY state, wait_event_type} over pg_stat_activity. */
    public static Activity of(
        List<Group> groups, double locksNotGranted, double oldestTransactionMs) {
      Map<String, Double> byWait = new LinkedHashMap<>();
      WAITS.forEach(w -> byWait.put(w, 0.0));
      double active = 0, idleInTransaction = 0;
      for (Group g : groups) {
        if ("active".equals(g.state())) {
          active += g.sessions();
          String wait = g.waitEventType() == null ? "CPU" : g.waitEventType();
          byWait.merge(WAITS.contains(wait) ? wait : "Other", (double) g.sessions(), Double::sum);
        } else if (g.state() != null && g.state().startsWith("idle in transaction")) {
          // "idle in transaction (aborted)" too: both hold their snapshot and their locks.
          idleInTransaction += g.sessions();
        }
      }
      return new Activity(active, idleInTransaction, byWait, locksNotGranted, oldestTransactionMs);
    }

    /** The role may not see other roles' sessions: only the lock count is known. */
    public static Activity unseen(double locksNotGranted) {
      Map<String, Double> byWait = new LinkedHashMap<>();
      WAITS.forEach(w -> byWait.put(w, Double.NaN));
      return new Activity(Double.NaN, Double.NaN, byWait, locksNotGranted, Double.NaN);
    }
  }

  /**
   * Cumulative counters: of the database ({@code pg_stat_database}), of the whole server's WAL
   * ({@code pg_stat_wal}) and of its statements in this database ({@code pg_stat_statements}, the
   * sampler's own included).
   */
  public record Counters(
      double xactCommit,
      double xactRollback,
      double blksRead,
      double blksHit,
      double tupInserted,
      double tupUpdated,
      double deadlocks,
      double tempBytes,
      double walRecords,
      double walBytes,
      double walBuffersFull,
      double statementCalls,
      double statementExecMs) {

    /** Not read: the database could not be reached, or this server has none of these views. */
    public static Counters unseen() {
      double nan = Double.NaN;
      return new Counters(nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan);
    }

    /**
     * The work done between {@code earlier} and this reading. A counter that went down was reset
     * (statistics reset, or PostgreSQL restarted after a crash, which discards them), so it counted
     * from zero since: its increase is its current value, as Prometheus' {@code increase} takes it.
     */
    public Counters since(Counters earlier) {
      return new Counters(
          increase(earlier.xactCommit, xactCommit),
          increase(earlier.xactRollback, xactRollback),
          increase(earlier.blksRead, blksRead),
          increase(earlier.blksHit, blksHit),
          increase(earlier.tupInserted, tupInserted),
          increase(earlier.tupUpdated, tupUpdated),
          increase(earlier.deadlocks, deadlocks),
          increase(earlier.tempBytes, tempBytes),
          increase(earlier.walRecords, walRecords),
          increase(earlier.walBytes, walBytes),
          increase(earlier.walBuffersFull, walBuffersFull),
          increase(earlier.statementCalls, statementCalls),
          increase(earlier.statementExecMs, statementExecMs));
    }

    static double increase(double earlier, double later) {
      if (Double.isNaN(earlier) || Double.isNaN(later)) {
        return Double.NaN;
      }
      return later >= earlier ? later - earlier : later;
    }
  }

  /**
   * Live and dead rows of the contract tables ({@code pg_stat_user_tables}, summed over the
   * partitions of a partitioned table): dead rows piling up mean vacuum is not keeping up.
   */
  public record Tables(double runsLive, double runsDead, double eventsLive, double eventsDead) {}

  /** The work between two samples, per {@link Counters#since}. */
  public Counters since(DatabaseSample earlier) {
    return counters.since(earlier.counters);
  }

  // ---- the file's line format: a header naming the columns, one tab-separated line per sample

  private static final Map<String, ToDoubleFunction<DatabaseSample>> COLUMNS = columns();

  private static Map<String, ToDoubleFunction<DatabaseSample>> columns() {
    Map<String, ToDoubleFunction<DatabaseSample>> c = new LinkedHashMap<>();
    c.put("activeSessions", s -> s.activity.active);
    c.put("idleInTransaction", s -> s.activity.idleInTransaction);
    for (String wait : WAITS) {
      c.put("active" + wait, s -> s.activity.active(wait));
    }
    c.put("locksNotGranted", s -> s.activity.locksNotGranted);
    c.put("oldestTransactionMs", s -> s.activity.oldestTransactionMs);
    c.put("xactCommit", s -> s.counters.xactCommit);
    c.put("xactRollback", s -> s.counters.xactRollback);
    c.put("blksRead", s -> s.counters.blksRead);
    c.put("blksHit", s -> s.counters.blksHit);
    c.put("tupInserted", s -> s.counters.tupInserted);
    c.put("tupUpdated", s -> s.counters.tupUpdated);
    c.put("deadlocks", s -> s.counters.deadlocks);
    c.put("tempBytes", s -> s.counters.tempBytes);
    c.put("walRecords", s -> s.counters.walRecords);
    c.put("walBytes", s -> s.counters.walBytes);
    c.put("walBuffersFull", s -> s.counters.walBuffersFull);
    c.put("statementCalls", s -> s.counters.statementCalls);
    c.put("statementExecMs", s -> s.counters.statementExecMs);
    c.put("runsLive", s -> s.tables.runsLive);
    c.put("runsDead", s -> s.tables.runsDead);
    c.put("eventsLive", s -> s.tables.eventsLive);
    c.put("eventsDead", s -> s.tables.eventsDead);
    c.put("databaseCores", s -> s.databaseCores);
    return c;
  }

  static final String HEADER = "epochMs\t" + String.join("\t", COLUMNS.keySet());

  String line() {
    StringBuilder b = new StringBuilder(256).append(epochMs);
    for (ToDoubleFunction<DatabaseSample> column : COLUMNS.values()) {
      double v = column.applyAsDouble(this);
      // Counters are whole numbers that grow large (WAL bytes): no exponent, no fraction.
      SampleFile.fixed(b.append('\t'), v, v == Math.rint(v) ? 0 : 3);
    }
    return b.toString();
  }

  /**
   * The sample on a line under {@code header}; columns are found by name, so a file written with
   * fewer columns reads the missing ones as NaN.
   *
   * @throws IllegalArgumentException for a line that does not match the header (a torn one)
   */
  static DatabaseSample parse(List<String> header, String line) {
    String[] f = line.split("\t", -1);
    if (f.length != header.size() || !"epochMs".equals(header.get(0))) {
      throw new IllegalArgumentException(
          "expected " + header.size() + " fields, found " + f.length);
    }
    Map<String, Double> v = new LinkedHashMap<>();
    for (int i = 1; i < f.length; i++) {
      v.put(header.get(i), f[i].equals("NaN") ? Double.NaN : Double.parseDouble(f[i]));
    }
    ToDoubleFunction<String> at = name -> v.getOrDefault(name, Double.NaN);
    Map<String, Double> byWait = new LinkedHashMap<>();
    for (String wait : WAITS) {
      byWait.put(wait, at.applyAsDouble("active" + wait));
    }
    return new DatabaseSample(
        Long.parseLong(f[0]),
        new Activity(
            at.applyAsDouble("activeSessions"),
            at.applyAsDouble("idleInTransaction"),
            byWait,
            at.applyAsDouble("locksNotGranted"),
            at.applyAsDouble("oldestTransactionMs")),
        new Counters(
            at.applyAsDouble("xactCommit"),
            at.applyAsDouble("xactRollback"),
            at.applyAsDouble("blksRead"),
            at.applyAsDouble("blksHit"),
            at.applyAsDouble("tupInserted"),
            at.applyAsDouble("tupUpdated"),
            at.applyAsDouble("deadlocks"),
            at.applyAsDouble("tempBytes"),
            at.applyAsDouble("walRecords"),
            at.applyAsDouble("walBytes"),
            at.applyAsDouble("walBuffersFull"),
            at.applyAsDouble("statementCalls"),
            at.applyAsDouble("statementExecMs")),
        new Tables(
            at.applyAsDouble("runsLive"),
            at.applyAsDouble("runsDead"),
            at.applyAsDouble("eventsLive"),
            at.applyAsDouble("eventsDead")),
        at.applyAsDouble("databaseCores"));
  }
}
