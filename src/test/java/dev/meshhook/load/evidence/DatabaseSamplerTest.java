package dev.meshhook.load.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSamplerTest {
  @TempDir Path folder;

  private static DatabaseSample.Counters counters(double commits, double walBytes) {
    double nan = Double.NaN;
    return new DatabaseSample.Counters(commits, 2, 10, 90, 5, 3, 0, 0, 7, walBytes, 0, nan, nan);
  }

  private static DatabaseSample sample(long epochMs, double commits) {
    return new DatabaseSample(
        epochMs,
        DatabaseSample.Activity.of(
            List.of(
                new DatabaseSample.Activity.Group("active", null, 2),
                new DatabaseSample.Activity.Group("active", "Lock", 1)),
            1,
            12.5),
        counters(commits, 123_456_789_012.0),
        new DatabaseSample.Tables(100, 4, 900, 30),
        2);
  }

  @Test
  void anActiveSessionThatWaitsForNothingIsOnTheCpu() {
    DatabaseSample.Activity a =
        DatabaseSample.Activity.of(
            List.of(
                new DatabaseSample.Activity.Group("active", null, 3),
                new DatabaseSample.Activity.Group("active", "LWLock", 2),
                new DatabaseSample.Activity.Group("active", "IO", 1),
                new DatabaseSample.Activity.Group("active", "InjectionPoint", 1),
                new DatabaseSample.Activity.Group("idle in transaction", "Client", 4),
                new DatabaseSample.Activity.Group("idle in transaction (aborted)", "Client", 1)),
            2,
            40);
    assertThat(a.active()).isEqualTo(7);
    assertThat(a.active("CPU")).isEqualTo(3);
    assertThat(a.active("LWLock")).isEqualTo(2);
    assertThat(a.active("IO")).isEqualTo(1);
    assertThat(a.active("Other")).as("a wait type this suite does not know").isEqualTo(1);
    assertThat(a.active("Lock")).as("none waited on a lock, which is known: 0").isZero();
    assertThat(a.idleInTransaction()).isEqualTo(5);
    assertThat(a.locksNotGranted()).isEqualTo(2);
    assertThat(a.oldestTransactionMs()).isEqualTo(40);
  }

  @Test
  void theGroupsComeBackFromTheOneTextTheStatementReturns() {
    assertThat(
            PostgresStatistics.activityGroups(
                "active||3\nactive|Lock|1\nidle in transaction (aborted)|Client|2"))
        .containsExactly(
            new DatabaseSample.Activity.Group("active", null, 3),
            new DatabaseSample.Activity.Group("active", "Lock", 1),
            new DatabaseSample.Activity.Group("idle in transaction (aborted)", "Client", 2));
    assertThat(PostgresStatistics.activityGroups(null)).as("no session at all").isEmpty();
  }

  @Test
  void sessionsTheRoleMayNotSeeAreUnknownButTheLocksAreCounted() {
    DatabaseSample.Activity a = DatabaseSample.Activity.unseen(3);
    assertThat(a.active()).isNaN();
    assertThat(a.active("CPU")).isNaN();
    assertThat(a.idleInTransaction()).isNaN();
    assertThat(a.oldestTransactionMs()).isNaN();
    assertThat(a.locksNotGranted()).isEqualTo(3);
  }

  @Test
  void theWorkBetweenTwoSamplesIsTheIncreaseOfEachCounter() {
    DatabaseSample.Counters d = sample(2_000, 150).since(sample(1_000, 100));
    assertThat(d.xactCommit()).isEqualTo(50);
    assertThat(d.walBytes()).isZero();
    assertThat(d.statementCalls()).as("not available at either end").isNaN();
  }

  @Test
  void aCounterThatWentDownWasResetAndCountedFromZero() {
    // PostgreSQL restarted after a crash discards its statistics: 30 commits since, not -70.
    assertThat(counters(30, 0).since(counters(100, 0)).xactCommit()).isEqualTo(30);
    assertThat(DatabaseSample.Counters.increase(Double.NaN, 5)).isNaN();
  }

  @Test
  void samplesReadBackAsWritten() throws Exception {
    DatabaseSample first = sample(1_000, 100);
    DatabaseSample second = sample(2_000, 160);
    Files.writeString(
        folder.resolve(DatabaseSampler.FILE_NAME),
        DatabaseSample.HEADER + "\n" + first.line() + "\n" + second.line() + "\n");
    List<DatabaseSample> read = DatabaseSampler.read(folder);
    assertThat(read).containsExactly(first, second);
    assertThat(read.get(1).since(read.get(0)).xactCommit()).isEqualTo(60);
    assertThat(first.line()).contains("\t123456789012\t").doesNotContain("E");
  }

  @Test
  void aTornLastLineAndAMissingFileAreNoSamples() throws Exception {
    assertThat(DatabaseSampler.read(folder)).isEmpty();
    String whole = sample(1_000, 100).line();
    Files.writeString(
        folder.resolve(DatabaseSampler.FILE_NAME),
        DatabaseSample.HEADER + "\n" + whole + "\n" + whole.substring(0, whole.length() / 2),
        StandardCharsets.UTF_8);
    assertThat(DatabaseSampler.read(folder)).hasSize(1);
    // torn inside a number: the field count is right, the number is not
    Files.writeString(
        folder.resolve(DatabaseSampler.FILE_NAME),
        DatabaseSample.HEADER + "\n" + whole.replace("\t123456789012\t", "\t1234x\t"));
    assertThat(DatabaseSampler.read(folder)).isEmpty();
  }

  @Test
  void aColumnTheFileDoesNotHaveReadsNotANumber() throws Exception {
    // An older file, before a column was added: found by name, the rest unknown.
    Files.writeString(
        folder.resolve(DatabaseSampler.FILE_NAME),
        "epochMs\tactiveSessions\txactCommit\n1000\t4\t77\n");
    DatabaseSample s = DatabaseSampler.read(folder).get(0);
    assertThat(s.epochMs()).isEqualTo(1000);
    assertThat(s.activity().active()).isEqualTo(4);
    assertThat(s.counters().xactCommit()).isEqualTo(77);
    assertThat(s.counters().walBytes()).isNaN();
    assertThat(s.activity().active("CPU")).isNaN();
    assertThat(s.databaseCores()).isNaN();
  }

  @Test
  void theTopStatementsAreThoseThatTookTheMostTimeDuringTheRun() {
    Map<String, StatementStatistics.Reading> first =
        Map.of(
            "10/1", new StatementStatistics.Reading(100, 1_000, "SELECT 1"),
            "10/2", new StatementStatistics.Reading(500, 9_000, "INSERT INTO workflow_runs"),
            "10/3", new StatementStatistics.Reading(90, 500, "UPDATE engine_run_queue"));
    Map<String, StatementStatistics.Reading> last =
        Map.of(
            "10/1", new StatementStatistics.Reading(110, 1_010, "SELECT 1"),
            "10/2", new StatementStatistics.Reading(700, 9_400, "INSERT INTO workflow_runs"),
            // reset since (fewer calls than at the start): all it has counts
            "10/3", new StatementStatistics.Reading(40, 800, "UPDATE engine_run_queue"),
            "10/4", new StatementStatistics.Reading(5, 600, "DELETE FROM engine_idempotency"));
    assertThat(StatementStatistics.top(first, last, 3))
        .containsExactly(
            new StatementStatistics.Top(40, 800, "UPDATE engine_run_queue"),
            new StatementStatistics.Top(5, 600, "DELETE FROM engine_idempotency"),
            new StatementStatistics.Top(200, 400, "INSERT INTO workflow_runs"));
  }

  @Test
  void topStatementsAreOneShortLineEachAndReadBack() {
    String long_ = "SELECT *\n\tFROM   workflow_events\nWHERE " + "x = $1 AND ".repeat(20);
    String shortened = StatementStatistics.shortened(long_);
    assertThat(shortened).hasSize(StatementStatistics.QUERY_CHARS).doesNotContain("\t", "\n");
    assertThat(shortened).startsWith("SELECT * FROM workflow_events WHERE x = $1").endsWith("…");
    List<StatementStatistics.Top> tops =
        List.of(
            new StatementStatistics.Top(3, 12.5, shortened),
            new StatementStatistics.Top(1, 2, "SELECT 1"));
    StatementStatistics.write(folder, tops);
    assertThat(StatementStatistics.read(folder)).isEqualTo(tops);
    assertThat(StatementStatistics.read(folder.resolve("nowhere"))).isEmpty();
  }
}
