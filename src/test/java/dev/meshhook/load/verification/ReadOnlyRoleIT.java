package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.harness.EngineUnderTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The checker's role can read the contract tables and change nothing, even when it tries. */
@Tag("side-by-side")
class ReadOnlyRoleIT {
  @Test
  void theCheckerRoleCannotWrite() throws Exception {
    try (EngineUnderTest engine = EngineUnderTest.start(FaultMode.NONE, 10)) {
      HistoryReader history = engine.checkerHistory();
      try (Connection c = history.connect();
          Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM workflow_definitions")) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(7);
        }
        // Even with the connection's read-only flag lifted, the role itself may not write.
        c.setReadOnly(false);
        assertThatThrownBy(() -> st.executeUpdate("DELETE FROM workflow_events"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("read-only");
        // And with the role's read-only default switched off too, its grants still refuse.
        st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
        assertThatThrownBy(() -> st.executeUpdate("DELETE FROM workflow_events"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> st.executeUpdate("CREATE TABLE sneaky (x int)"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("permission denied");
      }
      // The owner role can write, so the refusals above come from the checker's role.
      try (Connection owner = DriverManager.getConnection(engine.ownerJdbcUrl());
          Statement st = owner.createStatement()) {
        assertThat(st.executeUpdate("UPDATE projects SET name = name")).isEqualTo(2);
      }
    }
  }
}
