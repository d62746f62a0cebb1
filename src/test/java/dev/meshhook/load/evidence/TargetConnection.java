package dev.meshhook.load.evidence;

import dev.meshhook.load.checker.HistoryReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
  private PreparedStatement prepared;
  private String preparedSql;

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

  /**
   * {@code sql} prepared on the current connection, once per connection: a statement sent once a
   * second costs the suite less prepared (its JDBC code never gets hot at that rate).
   */
  PreparedStatement prepared(String sql) throws SQLException {
    Connection c = get();
    if (prepared == null || prepared.getConnection() != c || !sql.equals(preparedSql)) {
      prepared = c.prepareStatement(sql);
      preparedSql = sql;
    }
    return prepared;
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
    prepared = null;
  }
}
