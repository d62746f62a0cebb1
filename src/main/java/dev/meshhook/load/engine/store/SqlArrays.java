package dev.meshhook.load.engine.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One column of a batch as a SQL array, for statements that take a whole batch through {@code
 * unnest}.
 */
public final class SqlArrays {
  private SqlArrays() {}

  public static <R, V> Array column(
      Connection c, String type, List<R> rows, Function<R, V> value, IntFunction<V[]> newArray)
      throws SQLException {
    return c.createArrayOf(type, rows.stream().map(value).toArray(newArray));
  }
}
