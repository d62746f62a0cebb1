package dev.meshhook.load.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshhook.load.charts.ReportTimelines;
import dev.meshhook.load.checker.RunChecker;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import dev.meshhook.load.verification.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationJsonTest {
  @TempDir Path folder;

  @Test
  void aFigureThatWasNeverComputedIsNotReadAsZero() throws Exception {
    Classification classification =
        Classification.of(
            List.of(
                Classification.info("events missed", 0, ""),
                Classification.info("streams unfinished", Double.NaN, "")));
    new VerificationReport()
        .write(
            folder,
            new RunChecker(SuiteConfig.Allowed.NONE, 3)
                .check(RunChecker.History.of("t", List.of(), List.of())),
            HttpFigures.of(List.of()),
            classification,
            new VerificationReport.Context(
                "VerificationJsonTest", "nowhere", "ledger", Instant.now(), 1),
            ReportTimelines.of(List.of(), List.of(), List.of(), List.of()));
    Files.createFile(folder.resolve("simulation.log"));
    VerificationJson v =
        VerificationJson.of(
            new GatlingRun.Result(0, "", Optional.of(folder)), folder.getFileName().toString());

    assertThat(v.value("events missed")).isZero();
    assertThatThrownBy(() -> v.value("streams unfinished"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("'streams unfinished' has a measured value, not null");
    assertThatThrownBy(() -> v.value("no such figure")).isInstanceOf(AssertionError.class);
  }
}
