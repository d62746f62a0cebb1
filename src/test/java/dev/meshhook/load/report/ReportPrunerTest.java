package dev.meshhook.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.testing.Loads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPrunerTest {
  @TempDir Path reports;

  @Test
  void keepsTheNNewestRunFoldersTheHistoryAndEverythingThatIsNoRun() throws Exception {
    LoadHistory history = new LoadHistory(reports);
    // Names sort differently from start times on purpose: age is the run's start, not its name.
    String[][] runs = {
      {"smokesimulation-b", "2026-11-20T02:00:00Z"},
      {"loadsimulation-z", "2026-11-21T02:00:00Z"},
      {"smokesimulation-a", "2026-11-22T02:00:00Z"},
      {"stresssimulation-c", "2026-11-23T02:00:00Z"}
    };
    for (String[] run : runs) {
      Path folder = Files.createDirectories(reports.resolve(run[0]).resolve("js"));
      Files.writeString(
          folder.getParent().resolve("run.json"), "{\"startedAt\": \"" + run[1] + "\"}");
      Files.writeString(folder.resolve("stats.js"), "x");
      history.append(Loads.passing(run[0], run[1], 10, 200, 400));
    }
    Files.createDirectories(reports.resolve("lib")); // shared assets: not a run, never pruned
    LoadIndex.write(reports, history.read());

    assertThat(ReportPruner.prune(reports, 2))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("smokesimulation-b", "loadsimulation-z");

    try (Stream<Path> left = Files.list(reports)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "smokesimulation-a",
              "stresssimulation-c",
              "lib",
              LoadHistory.FILE_NAME,
              LoadIndex.FILE_NAME);
    }
    assertThat(history.read()).hasSize(4);
    String html = LoadIndex.html(reports, history.read());
    assertThat(html.split("class=deleted>deleted", -1)).hasSize(3);
  }

  @Test
  void keepZeroKeepsEverything() throws Exception {
    Path folder = Files.createDirectories(reports.resolve("smokesimulation-1"));
    Files.writeString(folder.resolve("run.json"), "{}");
    assertThat(ReportPruner.prune(reports, 0)).isEmpty();
    assertThat(folder).isDirectory();
  }
}
