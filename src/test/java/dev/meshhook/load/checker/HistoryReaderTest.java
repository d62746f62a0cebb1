package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The errors a connection pooler causes when the checker did not see it say what to change. The
 * messages are PgBouncer 1.18's, as pgjdbc 42.7 reports them.
 */
class HistoryReaderTest {
  @Test
  void aPreparedStatementMetOnAnotherClientsServerConnectionNamesTheFix() {
    for (SQLException e :
        new SQLException[] {
          new SQLException("ERROR: prepared statement \"S_1\" already exists", "42P05"),
          new SQLException("ERROR: prepared statement \"S_3\" does not exist", "26000")
        }) {
      SQLException explained = HistoryReader.explained(e);
      assertThat(explained.getMessage())
          .startsWith(e.getMessage())
          .contains("pooler in transaction mode")
          .contains("prepareThreshold=0")
          .contains("session");
      assertThat(explained.getSQLState()).isEqualTo(e.getSQLState());
      assertThat(explained.getCause()).isSameAs(e);
    }
  }

  @Test
  void aRefusedStartupParameterAndAnExhaustedPoolNameTheFix() {
    assertThat(
            HistoryReader.explained(
                    new SQLException("FATAL: unsupported startup parameter: search_path", "08P01"))
                .getMessage())
        .contains("ignore_startup_parameters");
    assertThat(
            HistoryReader.explained(new SQLException("FATAL: query_wait_timeout", "08P01"))
                .getMessage())
        .contains("holds two at once")
        .contains("default_pool_size");
  }

  @Test
  void anyOtherErrorIsLeftAsItIs() {
    SQLException other = new SQLException("ERROR: permission denied for table projects", "42501");
    assertThat((Object) HistoryReader.explained(other)).isSameAs(other);
    SQLException ownStatement =
        new SQLException("ERROR: prepared statement \"mine\" does not exist", "26000");
    assertThat((Object) HistoryReader.explained(ownStatement)).isSameAs(ownStatement);
  }
}
