package dev.meshhook.load.checker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Re-executes every run of a tag ({@link ReExecution}) from its definition and its recorded events.
 * It reads payloads, which the fold does not need, so it is a pass of its own that {@code
 * verify.reExecute} can turn off for very large runs (docs/PERFORMANCE.md has the cost).
 *
 * <p>The events stream unsorted through a binary copy: sorting a million runs' events with their
 * payloads by run took the database 30 s and more. They stream as the fold's do, each once with no
 * run fields, while the runs' stored rows ({@link RunRows}) are read once on a second connection in
 * the same snapshot: joining those to every event in SQL cost the database more than the events.
 * {@link RunAssembly} puts each run together as its terminal event arrives, worker threads join it
 * to its row, parse and re-execute it, and the few runs the stream's order left in doubt are read
 * again sorted, in the same snapshot. Findings are ordered by run id, as the sorted read gave them.
 */
public final class ReExecutions {
  /**
   * The tag's events, each once, with the payloads re-execution reads in {@code dialect} ({@link
   * Dialect#reExecutedPayloads}): in the reference dialect every payload but the steps' starts' and
   * a run's failure's.
   */
  public static String events(Dialect dialect) {
    return TagScan.events(dialect.reExecutedPayloadSql());
  }

  /**
   * The statement the events are read with, as re-execution runs it on {@code c} (the load-id
   * prefix inlined): what the benchmark copies alone.
   */
  public static String eventsQuery(Connection c, String loadIdPrefix, Dialect dialect)
      throws SQLException {
    return BinaryCopy.inlined(c, events(dialect), loadIdPrefix);
  }

  /** The tag's stored rows, read beside {@link #events}. */
  public static final String ROWS = RunRows.SELECT;

  /** Runs held at once while their events arrive; a steady engine has a few hundred in flight. */
  static final int MAX_IN_FLIGHT = 20_000;

  private static final int BATCH = 256;

  private ReExecutions() {}

  /**
   * What re-executing a tag's runs found: each run its definition does not reproduce, with each
   * difference, the runs the dialect could not read, and what MeshHook's retries left in the log.
   */
  public record Result(
      List<Replay.Mismatch> mismatches,
      NotJudged notJudged,
      long httpAttempts,
      long retries,
      NotJudged sequenceOnly) {
    public Result(
        List<Replay.Mismatch> mismatches, NotJudged notJudged, long httpAttempts, long retries) {
      this(mismatches, notJudged, httpAttempts, retries, NotJudged.NONE);
    }
  }

  /**
   * What re-executing one run found: a mismatch, or the reason it was not judged, or the reason it
   * was judged on its step sequence alone, and MeshHook's attempts and retries.
   */
  private record Judged(
      String runId,
      Replay.Mismatch mismatch,
      String notJudged,
      String sequenceOnly,
      long httpAttempts,
      long retries) {
    boolean matters() {
      return mismatch != null
          || notJudged != null
          || sequenceOnly != null
          || httpAttempts != 0
          || retries != 0;
    }
  }

  /** Every run of the tag whose events its definition does not reproduce, with each difference. */
  public static List<Replay.Mismatch> check(HistoryReader history, String loadIdPrefix)
      throws SQLException {
    return check(history, loadIdPrefix, Dialect.REFERENCE).mismatches();
  }

  /** Re-executes every run of the tag in {@code dialect}: its step list, or its graph. */
  public static Result check(HistoryReader history, String loadIdPrefix, Dialect dialect)
      throws SQLException {
    if (dialect == Dialect.CONTRACT) {
      return new Result(List.of(), NotJudged.NONE, 0, 0);
    }
    List<Judged> judged;
    try (Connection c = history.connect();
        Connection rows = TagScan.beside(history, c)) {
      Definitions definitions = Definitions.read(c, dialect);
      // The stream, the stored rows and the second look at a few runs: one snapshot.
      TagScan.shareSnapshot(c, rows);
      judged = streamed(c, rows, loadIdPrefix, definitions, dialect);
      c.commit();
      rows.commit();
    }
    judged.sort(Comparator.comparing(Judged::runId)); // run id order, as the database orders uuids
    List<Replay.Mismatch> found = new ArrayList<>();
    NotJudged.Builder notJudged = new NotJudged.Builder();
    NotJudged.Builder sequenceOnly = new NotJudged.Builder();
    long httpAttempts = 0;
    long retries = 0;
    for (Judged j : judged) {
      if (j.notJudged() != null) {
        notJudged.add(j.notJudged(), j.runId());
      }
      if (j.sequenceOnly() != null) {
        sequenceOnly.add(j.sequenceOnly(), j.runId());
      }
      if (j.mismatch() != null) {
        found.add(j.mismatch());
      }
      httpAttempts += j.httpAttempts();
      retries += j.retries();
    }
    return new Result(
        List.copyOf(found), notJudged.build(), httpAttempts, retries, sequenceOnly.build());
  }

  /**
   * Every run of the tag that has anything to report, re-executed from the unsorted stream on
   * worker threads, each joined to its stored row read from {@code rowsConnection} meanwhile
   * (first, when it is {@code c}: {@link TagScan#beside}), then the runs it left in doubt from a
   * sorted read.
   */
  private static List<Judged> streamed(
      Connection c,
      Connection rowsConnection,
      String loadIdPrefix,
      Definitions definitions,
      Dialect dialect)
      throws SQLException {
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService rowReader = TagScan.daemons(1, "checker-rows");
    ExecutorService workers = TagScan.daemons(threads, "checker-re-execution");
    try {
      // Until the rows are in, the workers wait for them, and the stream for the workers.
      Future<RunRows> rowsRead =
          TagScan.readBeside(rowsConnection, c, rowReader, rc -> RunRows.read(rc, loadIdPrefix));
      Semaphore queued = new Semaphore(threads * 2); // bounds the runs waiting for a worker
      List<Future<List<Judged>>> parts = new ArrayList<>();
      List<RunAssembly.Held> batch = new ArrayList<>(BATCH);
      Consumer<List<RunAssembly.Held>> submit =
          runs -> {
            queued.acquireUninterruptibly();
            parts.add(
                workers.submit(
                    () -> {
                      try {
                        return judged(
                            runs,
                            TagScan.await(rowsRead, "reading the runs"),
                            definitions,
                            dialect);
                      } finally {
                        queued.release();
                      }
                    }));
          };
      RunAssembly assembly =
          new RunAssembly(
              MAX_IN_FLIGHT,
              h -> {
                batch.add(h);
                if (batch.size() == BATCH) {
                  submit.accept(List.copyOf(batch));
                  batch.clear();
                }
              });
      try (BinaryCopy copy = BinaryCopy.start(c, eventsQuery(c, loadIdPrefix, dialect))) {
        while (copy.next()) {
          assembly.add(
              copy.high(0), copy.low(0), copy.integer(1), copy.int8(2), type(copy), copy.bytes(4));
        }
      }
      assembly.finish();
      if (!batch.isEmpty()) {
        submit.accept(List.copyOf(batch));
      }
      TagScan.await(rowsRead, "reading the runs"); // its failure too, when no run was handed over
      List<Judged> judged = new ArrayList<>();
      for (Future<List<Judged>> part : parts) {
        for (Judged j : TagScan.await(part, "re-executing the runs")) {
          if (!assembly.again().contains(j.runId())) {
            judged.add(j);
          }
        }
      }
      if (!assembly.again().isEmpty()) {
        judged.addAll(again(c, loadIdPrefix, assembly.again(), definitions, dialect));
      }
      return judged;
    } finally {
      workers.shutdownNow();
      rowReader.shutdownNow();
    }
  }

  /** The runs of one batch that have anything to report, each joined to its stored row. */
  private static List<Judged> judged(
      List<RunAssembly.Held> runs, RunRows rows, Definitions definitions, Dialect dialect) {
    List<Judged> out = new ArrayList<>();
    for (RunAssembly.Held h : runs) {
      RunAssembly.Row row = rows.find(h.high(), h.low());
      if (row == null) {
        continue; // no stored row: not a run of the tag to judge, as in the join
      }
      Judged j = judge(definitions, h.run(row), dialect);
      if (j.matters()) {
        out.add(j);
      }
    }
    return out;
  }

  /** The runs the stream left in doubt, read again whole and sorted. */
  private static List<Judged> again(
      Connection c,
      String loadIdPrefix,
      java.util.Set<String> runIds,
      Definitions definitions,
      Dialect dialect)
      throws SQLException {
    if (runIds.size() < 10_000) {
      TagScan.planForFewRuns(c);
    }
    List<Judged> judged = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(Replay.EVENTS)) {
      ps.setString(1, loadIdPrefix);
      ps.setArray(2, c.createArrayOf("uuid", runIds.toArray()));
      WholeRuns.stream(
          ps,
          run -> {
            Judged j = judge(definitions, run, dialect);
            if (j.matters()) {
              judged.add(j);
            }
          });
    }
    return judged;
  }

  /** The event's type, one string per known type rather than one per event. */
  private static String type(BinaryCopy copy) {
    byte known = RunLog.type(copy.buffer(), copy.offset(3), copy.length(3));
    return known == RunLog.OTHER ? copy.text(3) : RunLog.name(known);
  }

  private static Judged judge(Definitions definitions, WholeRuns.Run run, Dialect dialect) {
    String runId = run.stored().runId();
    Definitions.Parsed parsed = definitions.of(run.workflowId());
    Map<String, Integer> nodes = new java.util.HashMap<>();
    for (ReplayFold.Event e : run.stored().events()) {
      if (e.type().equals("step_succeeded")
          && dialect.successKey(e.payload(), nodes) == Dialect.UNREADABLE) {
        String reason =
            StepReadings.unreadByAny(List.of(e), dialect) == null
                ? StepReadings.OTHER_DIALECT.apply(dialect)
                : StepReadings.NO_DIALECT;
        return new Judged(runId, null, reason, null, 0, 0);
      }
    }
    List<String> differences;
    String sequenceOnly = null;
    long httpAttempts = 0;
    long retries = 0;
    if (parsed.unreadable()) {
      // Without its definition the run's path cannot be re-executed, but its events still show a
      // skipped or repeated step, or one after the end: judged on those, and said so.
      sequenceOnly = parsed.problem();
      differences = StepSequence.problems(run.stored().events(), dialect);
    } else if (parsed.problem() != null) {
      differences = List.of(parsed.problem());
    } else if (dialect == Dialect.MESHHOOK) {
      GraphWalk.Walk walk = GraphWalk.walk(parsed.graph(), run.stored().events());
      httpAttempts = walk.httpAttempts();
      retries = walk.retries();
      differences = walk.differences();
    } else {
      differences = ReExecution.differences(parsed.definition(), run.stored().events());
    }
    Replay.Mismatch mismatch = null;
    if (!differences.isEmpty()) {
      List<String> named = new ArrayList<>();
      differences.forEach(d -> named.add(parsed.unreadable() ? d : "re-executed " + d));
      mismatch = new Replay.Mismatch(run.stored().loadId(), runId, List.copyOf(named));
    }
    return new Judged(runId, mismatch, null, sequenceOnly, httpAttempts, retries);
  }

  /**
   * The fold's and the re-execution's findings as one mismatch per run, in the fold's order first.
   */
  public static List<Replay.Mismatch> merged(
      List<Replay.Mismatch> folded, List<Replay.Mismatch> reExecuted) {
    Map<String, Replay.Mismatch> byRun = new LinkedHashMap<>();
    for (Replay.Mismatch m : folded) {
      byRun.put(m.runId(), m);
    }
    for (Replay.Mismatch m : reExecuted) {
      byRun.merge(
          m.runId(),
          m,
          (a, b) -> {
            List<String> all = new ArrayList<>(a.differences());
            all.addAll(b.differences());
            return new Replay.Mismatch(a.loadId(), a.runId(), List.copyOf(all));
          });
    }
    return List.copyOf(byRun.values());
  }
}
