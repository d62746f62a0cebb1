package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.ledger.InjectorMark;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergedRunTest {
  static final String TAG = "20261202T120000abcd";
  static final long T0 = 1_790_000_000_000L;

  @TempDir Path reports;

  @Test
  void theMergedP99IsTheUnionsNotTheAverageOfEachInjectorsP99() throws IOException {
    Path dir = reports.resolve(TAG);
    // A busy fast injector and a quiet slow one: 1,000 webhooks at 10 ms, 20 at 900 ms.
    injector(dir, 0, 2, 1_000, 10, true);
    injector(dir, 1, 2, 20, 900, true);

    MergedRun merged = MergedRun.read(dir, 1);

    long p99Fast = p99(dir.resolve("injector-0/run"));
    long p99Slow = p99(dir.resolve("injector-1/run"));
    assertThat(p99Fast).isEqualTo(10);
    assertThat(p99Slow).isEqualTo(900);
    // 20 of 1,020 requests (2 %) took 900 ms: the union's p99 is 900 ms. The average of the two
    // injectors' p99s (455 ms) is a figure no request had.
    HttpFigures union = HttpFigures.of(merged.ledger().entries());
    assertThat(union.latency().p99()).isEqualTo(900).isNotEqualTo((p99Fast + p99Slow) / 2);
    assertThat(union.latency().p50()).isEqualTo(10);
    assertThat(union.sent()).isEqualTo(1_020);
    assertThat(merged.injectors())
        .extracting(MergedRun.Injector::sent)
        .containsExactly(1_000L, 20L);
    assertThat(merged.incomplete()).isEmpty();
    assertThat(merged.ledger().runTag()).isEqualTo(TAG);
  }

  @Test
  void anInjectorWithoutALedgerIsNamedAndMakesTheMergeIncomplete() throws IOException {
    Path dir = reports.resolve(TAG);
    injector(dir, 0, 3, 10, 5, true);
    injector(dir, 2, 3, 10, 5, true);

    MergedRun merged = MergedRun.read(dir, 1);

    assertThat(merged.injectors()).hasSize(3);
    assertThat(merged.injectors().get(1).state()).isEqualTo(MergedRun.State.ABSENT);
    assertThat(merged.incomplete())
        .singleElement()
        .asString()
        .startsWith("injector 1 left no ledger");
  }

  @Test
  void anInjectorThatLeftNoMarkDiedAndItsUnansweredRequestsStayUnanswered() throws IOException {
    Path dir = reports.resolve(TAG);
    injector(dir, 0, 2, 10, 5, true);
    Path run = injector(dir, 1, 2, 10, 5, false);
    // Killed with two requests in flight: sent, never answered.
    Files.writeString(
        run.resolve(LoadLedger.FILE_NAME),
        "S\t"
            + TAG
            + "-1-11\torder-created\t"
            + (T0 + 500)
            + "\t202\n"
            + "S\t"
            + TAG
            + "-1-12\torder-created\t"
            + (T0 + 501)
            + "\t202\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    MergedRun merged = MergedRun.read(dir, 2);

    MergedRun.Injector died = merged.injectors().get(1);
    assertThat(died.state()).isEqualTo(MergedRun.State.DIED);
    assertThat(died.unanswered()).isEqualTo(2);
    assertThat(merged.incomplete()).singleElement().asString().startsWith("injector 1 died");
    assertThat(merged.ledger().entries()).hasSize(22);
  }

  @Test
  void aCountLargerThanTheFoldersFoundNamesTheMissingIndexes() throws IOException {
    Path dir = reports.resolve(TAG);
    injector(dir, 0, 1, 10, 5, true);

    MergedRun merged = MergedRun.read(dir, 3);

    assertThat(merged.injectors())
        .extracting(MergedRun.Injector::state)
        .containsExactly(MergedRun.State.FINISHED, MergedRun.State.ABSENT, MergedRun.State.ABSENT);
  }

  @Test
  void aFolderWithoutAnyInjectorRunIsRefused() throws IOException {
    Path dir = Files.createDirectories(reports.resolve(TAG));
    assertThatThrownBy(() -> MergedRun.read(dir, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds no injector's run");
  }

  /** Injector {@code index}'s run folder with {@code n} webhooks answered 202 after {@code ms}. */
  private static Path injector(Path dir, int index, int count, int n, long ms, boolean finished)
      throws IOException {
    Path run = Files.createDirectories(dir.resolve("injector-" + index).resolve("run"));
    try (LoadLedger ledger = LoadLedger.create(run.resolve(LoadLedger.FILE_NAME), TAG)) {
      for (int i = 1; i <= n; i++) {
        String id = TAG + "-" + index + "-" + i;
        long sent = T0 + i;
        ledger.sent(id, "order-created", sent, 202);
        ledger.answered(id, 202, sent + ms, "run-" + index + "-" + i);
      }
    }
    Files.writeString(
        run.resolve("run.json"),
        "{\"runTag\":\""
            + TAG
            + "\",\"simulation\":\"SmokeSimulation\",\"injectors\":{\"index\":"
            + index
            + ",\"count\":"
            + count
            + "}}");
    if (finished) {
      new InjectorMark(index, count, TAG, T0, T0 + 60_000).writeInto(run);
    }
    return run;
  }

  private static long p99(Path run) {
    return HttpFigures.of(LedgerReader.read(run.resolve(LoadLedger.FILE_NAME)).entries())
        .latency()
        .p99();
  }
}
