package dev.meshhook.load.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshhook.load.checker.Latency;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingLogTest {
  // A smoke run's simulation.log as Gatling 3.15.1 wrote it (2026-12-02): 264 signed webhooks and
  // 13 wrongly signed ones. Gatling's own report of that run: webhook p50 8, p95 20, p99 29 (its
  // t-digest estimate), max 344 ms; All Requests p99 27.
  private static final String FIXTURE = "/gatling/smoke-3.15.1-simulation.log";

  @TempDir Path folder;

  @Test
  void readsEveryRequestWithTheStartAndEndGatlingMeasured() throws IOException {
    copyFixture();
    GatlingLog.Read read = GatlingLog.read(folder, "3.15.1", name -> true);
    assertThat(read.gatlingVersion()).isEqualTo("3.15.1");
    assertThat(read.requests()).hasSize(277);
    assertThat(read.requests().stream().filter(r -> r.name().equals("webhook")).count())
        .isEqualTo(264);
    assertThat(read.requests()).allMatch(GatlingLog.Request::ok);
    GatlingLog.Request first = read.requests().get(0);
    assertThat(first.name()).isEqualTo("webhook");
    assertThat(first.startEpochMs()).isEqualTo(1_796_196_800_319L); // 2026-12-02T07:33:20.319Z
    assertThat(first.millis()).isEqualTo(344);
    long[] webhooks =
        read.requests().stream()
            .filter(r -> r.name().equals("webhook"))
            .mapToLong(GatlingLog.Request::millis)
            .toArray();
    Latency exact = Latency.of(webhooks);
    assertThat(exact.p50()).isEqualTo(8);
    assertThat(exact.p95()).isEqualTo(20);
    assertThat(exact.p99()).isEqualTo(27);
    assertThat(exact.max()).isEqualTo(344);
  }

  @Test
  void keepsOnlyTheRequestsAskedFor() throws IOException {
    copyFixture();
    assertThat(GatlingLog.read(folder, "3.15.1", "webhook (bad signature)"::equals).requests())
        .hasSize(13)
        .allMatch(r -> r.millis() <= 9);
  }

  @Test
  void readsOnlyTheVersionThatWroteItAsGatlingDoes() throws IOException {
    copyFixture();
    assertThatThrownBy(() -> GatlingLog.read(folder, "3.16.0", name -> true))
        .isInstanceOf(IOException.class)
        .hasMessage("written by Gatling 3.15.1; this build reads Gatling 3.16.0's");
  }

  @Test
  void saysSoWhenTheFileIsCutShortOrMissing() throws IOException {
    Path log = copyFixture();
    byte[] whole = Files.readAllBytes(log);
    Files.write(log, Arrays.copyOf(whole, whole.length - 5));
    assertThatThrownBy(() -> GatlingLog.read(folder, "3.15.1", name -> true))
        .hasMessageContaining("is cut short");
    Files.delete(log);
    assertThatThrownBy(() -> GatlingLog.read(folder, "3.15.1", name -> true))
        .hasMessage("no simulation.log in " + folder);
  }

  @Test
  void theGatlingOnTheClassPathHasAVersion() {
    assertThat(GatlingLog.gatlingVersion()).matches("\\d+\\.\\d+.*");
  }

  private Path copyFixture() throws IOException {
    Path log = folder.resolve(GatlingLog.FILE_NAME);
    try (InputStream in = GatlingLogTest.class.getResourceAsStream(FIXTURE)) {
      Files.copy(in, log);
    }
    return log;
  }
}
