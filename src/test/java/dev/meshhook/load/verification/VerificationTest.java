package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.Evidence;
import dev.meshhook.load.evidence.OperationLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.StreamFigures;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationTest {
  private static final SuiteConfig.Verify OPTIONS =
      new SuiteConfig.Verify(Duration.ofSeconds(1), 10, SuiteConfig.Allowed.NONE);
  private static final SuiteConfig.Thresholds THRESHOLDS =
      new SuiteConfig.Thresholds(2000, 5000, 1, 90);

  @TempDir Path folder;

  @Test
  void anUnreachableDatabaseGivesUnknownAndKeepsTheLedgerForARerun() throws Exception {
    writeLedger();

    Verdict verdict = run(evidence -> List.of()).verdict();

    assertThat(verdict.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(verdict.reason())
        .contains("could not be read")
        .contains("mvn -Preverify -Dreverify.run=" + folder);
    assertThat(LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries()).hasSize(1);
    assertThat(json().path("outcome").asText()).isEqualTo("unknown");
    assertThat(folder.resolve(VerificationReport.HTML)).content().contains("UNKNOWN");
  }

  @Test
  void aFileThatIsNotALedgerGivesUnknownWithItsErrorAndStillBothReports() throws Exception {
    Files.writeString(folder.resolve(LoadLedger.FILE_NAME), "S\tt-i-1\torder-created\t1000\t202\n");

    Verification.Result result = run(evidence -> List.of());

    assertThat(result.verdict().outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(result.verdict().reason())
        .startsWith("the ledger could not be read (IllegalArgumentException: ")
        .contains("is not a meshhook-load ledger");
    assertThat(result.classification().level()).isEqualTo(Outcome.UNKNOWN);
    assertThat(json().path("outcome").asText()).isEqualTo("unknown");
    assertThat(json().path("reason").asText()).contains("is not a meshhook-load ledger");
    assertThat(folder.resolve(VerificationReport.HTML))
        .content()
        .contains("is not a meshhook-load ledger");
  }

  @Test
  void aCorruptEvidenceFileGivesUnknownWithItsErrorAndStillBothReports() throws Exception {
    writeLedger();
    // Not UTF-8: the samples cannot be read back at all.
    Files.write(
        folder.resolve(ResourceSampler.FILE_NAME), new byte[] {'1', '\t', (byte) 0xC3, '(', '\n'});

    Verification.Result result = run(evidence -> List.of());

    assertThat(result.verdict().outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(result.verdict().reason())
        .contains("the profile's figures could not be computed (UncheckedIOException: cannot read")
        .contains(ResourceSampler.FILE_NAME);
    assertThat(result.classification().level()).isEqualTo(Outcome.UNKNOWN);
    assertThat(result.classification().unknown())
        .extracting(Classification.Row::figure)
        .contains("VerificationTest figures");
    JsonNode broken = row(json(), "VerificationTest figures");
    assertThat(broken.path("level").asText()).isEqualTo("unknown");
    assertThat(broken.path("why").asText()).startsWith("UncheckedIOException: cannot read");
    assertThat(folder.resolve(VerificationReport.HTML)).content().contains("UncheckedIOException");
  }

  @Test
  void aProfileFigureThatThrowsGivesUnknownWithItsError() throws Exception {
    writeLedger();
    // A stream whose run's events must be read from the database, which is not there.
    try (OperationLog log = OperationLog.create(folder)) {
      log.event(new OperationLog.StreamEvent(1, "run-1", 1, "run_completed", 1000, 1005, 990));
    }

    Verification.Result result = run(evidence -> StreamFigures.rows(evidence, 100, 250, 0.2, true));

    assertThat(result.verdict().reason())
        .contains(
            "the profile's figures could not be computed (IllegalStateException: cannot read the streamed runs' events");
    assertThat(json().path("outcome").asText()).isEqualTo("unknown");
    assertThat(row(json(), "VerificationTest figures").path("why").asText())
        .startsWith("IllegalStateException: cannot read the streamed runs' events");
  }

  @Test
  void aSecurityRunWithoutItsProbeLedgerHasUnknownProbesAndClassification() throws Exception {
    writeLedger(); // a security run's ledger, whose probes file is gone

    Verification.Result result =
        Verification.run(folder, unreachable(), OPTIONS, profile(evidence -> List.of(), true));

    assertThat(result.probes().outcome()).isEqualTo(Outcome.UNKNOWN);
    String why =
        "VerificationTest sends security probes, but no probe ledger ('probes') with a line in it"
            + " was found beside "
            + folder.resolve(LoadLedger.FILE_NAME)
            + ": no probe can be judged";
    assertThat(result.probes().summary()).startsWith("probes: UNKNOWN - " + why);
    assertThat(result.classification().level()).isEqualTo(Outcome.UNKNOWN);
    assertThat(row(json(), "security probes").path("why").asText()).isEqualTo(why);
    JsonNode probes = json().path("probes");
    assertThat(probes.path("outcome").asText()).isEqualTo("unknown");
    assertThat(probes.path("unknownReason").asText()).isEqualTo(why);
    assertThat(folder.resolve(VerificationReport.HTML))
        .content()
        .contains("Security probes <span class=\"badge\" style=\"background:#9a6700\">UNKNOWN");
  }

  @Test
  void aProfileThatSendsNoProbesNeedsNoProbeLedger() throws Exception {
    writeLedger();

    Verification.Result result = run(evidence -> List.of());

    assertThat(result.probes().reported()).isFalse();
    assertThat(json().has("probes")).isFalse();
    assertThat(result.classification().rows())
        .extracting(Classification.Row::figure)
        .doesNotContain("security probes");
  }

  private void writeLedger() throws IOException {
    try (LoadLedger ledger = LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), "tag9")) {
      ledger.sent("tag9-i-1", "order-created", 1000, 202);
      ledger.answered("tag9-i-1", 202, 1010, null);
    }
  }

  private Verification.Result run(Function<Evidence, List<Classification.Row>> figures)
      throws IOException {
    return Verification.run(folder, unreachable(), OPTIONS, profile(figures, false));
  }

  private static Verification.Profile profile(
      Function<Evidence, List<Classification.Row>> figures, boolean sendsProbes) {
    return new Verification.Profile(
        "VerificationTest",
        "nowhere",
        THRESHOLDS,
        0.2,
        true,
        figures,
        new Availability.Rule(Duration.ZERO, THRESHOLDS.p99Ms(), false, 99.9),
        sendsProbes);
  }

  private static HistoryReader unreachable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    return new HistoryReader(
        "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "nobody", "");
  }

  private JsonNode json() throws IOException {
    return new ObjectMapper().readTree(folder.resolve(VerificationReport.JSON).toFile());
  }

  private static JsonNode row(JsonNode json, String figure) {
    for (JsonNode row : json.path("classification").path("rows")) {
      if (row.path("figure").asText().equals(figure)) {
        return row;
      }
    }
    throw new AssertionError("no row " + figure + " in " + json.path("classification"));
  }
}
