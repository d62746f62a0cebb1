package dev.meshhook.load.evidence;

import dev.meshhook.load.checker.HistoryReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Samples the target's PostgreSQL during a run into {@code database} in the run folder, through the
 * checker's read-only role: what its sessions wait on, its locks, transactions, blocks, tuples, WAL
 * and statements, so that a later analysis can name the resource that ran out (see {@link
 * DatabaseSample}). At the end, the statements that took the most time go to {@code
 * database-statements} ({@link StatementStatistics#read}). What the role may not see or the server
 * does not have is NaN and said once, never made up.
 */
public final class DatabaseSampler implements AutoCloseable {
  public static final String FILE_NAME = "database";

  private final Path folder;
  private final double databaseCores;
  private final TargetConnection connection;
  private final Set<String> noted = new HashSet<>();
  private SampleFile samples;
  private PostgresStatistics statistics;
  private Connection statisticsOn;
  // pg_stat_statements at the first reading that succeeded; null until then.
  private Map<String, StatementStatistics.Reading> firstStatements;
  private boolean closed;

  private DatabaseSampler(Path folder, Supplier<HistoryReader> database, double databaseCores) {
    this.folder = folder;
    this.databaseCores = databaseCores;
    this.connection = new TargetConnection(database);
  }

  /**
   * Starts sampling every {@code every} into {@code folder/database}. The database is asked for
   * each time, since a restarted engine's PostgreSQL listens elsewhere. {@code databaseCores}: the
   * cores the database runs on, when known (NaN otherwise: SQL cannot tell).
   */
  public static DatabaseSampler start(
      Path folder, Supplier<HistoryReader> database, Duration every, double databaseCores) {
    DatabaseSampler sampler = new DatabaseSampler(folder, database, databaseCores);
    sampler.samples =
        SampleFile.start(
            folder.resolve(FILE_NAME),
            DatabaseSample.HEADER,
            "database-sampler",
            every,
            () -> sampler.sample().line());
    return sampler;
  }

  private DatabaseSample sample() {
    long now = System.currentTimeMillis();
    try {
      PostgresStatistics stats = connected();
      DatabaseSample sample = stats.read(now, databaseCores);
      // The run's first statement reading, once pg_stat_statements answers at all.
      // Without pg_monitor other roles' statements come without their id: no top list then.
      if (firstStatements == null
          && stats.seesAllSessions()
          && !Double.isNaN(sample.counters().statementCalls())) {
        firstStatements = stats.statements().reading(stats::failed);
      }
      return sample;
    } catch (SQLException e) {
      // The database is down or moved (a chaos restart): this second is NaN, the next reconnects.
      connection.close();
      return unavailable(now);
    }
  }

  private DatabaseSample unavailable(long now) {
    double nan = Double.NaN;
    return new DatabaseSample(
        now,
        DatabaseSample.Activity.unseen(nan),
        DatabaseSample.Counters.unseen(),
        new DatabaseSample.Tables(nan, nan, nan, nan),
        databaseCores);
  }

  private PostgresStatistics connected() throws SQLException {
    Connection c = connection.get();
    if (c != statisticsOn) {
      statistics = PostgresStatistics.on(c, this::note);
      statisticsOn = c;
    }
    return statistics;
  }

  // The role is named, never a password: HistoryReader's errors carry none either.
  private synchronized void note(String about, String text) {
    if (noted.add(about)) {
      System.out.println("database sampling: " + text);
    }
  }

  /**
   * Stops sampling, then reads pg_stat_statements once more for the run's top statements (the
   * engine is still up: this is called before it stops). Safe to call twice.
   */
  @Override
  public void close() {
    samples.close();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    writeTopStatements();
    connection.close();
  }

  private void writeTopStatements() {
    // A sample still under way (a database that does not answer) keeps the connection.
    if (!samples.stopped() || firstStatements == null) {
      return;
    }
    try {
      PostgresStatistics stats = connected();
      Map<String, StatementStatistics.Reading> last = stats.statements().reading(stats::failed);
      if (!last.isEmpty()) {
        StatementStatistics.write(
            folder, StatementStatistics.top(firstStatements, last, StatementStatistics.TOP));
      }
    } catch (SQLException | RuntimeException e) {
      // The run's verdict does not hang on its evidence of statements.
      note("top statements", "no top statements: the last reading failed: " + e.getMessage());
    }
  }

  /** Reads a run folder's samples back; empty when none were taken, a torn last line left out. */
  public static List<DatabaseSample> read(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    List<DatabaseSample> samples = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return samples;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<String> header = null;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("epochMs\t")) {
          header = List.of(line.split("\t", -1));
          continue;
        }
        if (header == null) {
          continue;
        }
        try {
          samples.add(DatabaseSample.parse(header, line));
        } catch (IllegalArgumentException e) {
          // torn line (NumberFormatException is one)
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return samples;
  }
}
