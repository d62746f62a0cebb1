package dev.meshhook.load.evidence;

import dev.meshhook.load.checker.HistoryReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * A sampler's connection to the target's database, which follows it: the database is asked for at
 * each use, since a restarted engine's PostgreSQL listens elsewhere, and a closed or moved one is
 * connected again. Used by one thread at a time.
 */
final class TargetConnection implements AutoCloseable {
  private final Supplier<HistoryReader> database;
  private Connection connection;
  private HistoryReader connectedTo;

  TargetConnection(Supplier<HistoryReader> database) {
    this.database = database;
  }

  /** The connection, new when the last one was closed or the database moved. */
  Connection get() throws SQLException {
    HistoryReader current = database.get();
    if (connection == null || connection.isClosed() || current != connectedTo) {
      close();
      connection = current.connect();
      connectedTo = current;
    }
    return connection;
  }

  /** Lets the connection go: after a failure, the next use connects again. */
  @Override
  public void close() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      // already gone
    }
    connection = null;
  }
}
