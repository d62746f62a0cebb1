package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.ledger.LedgerReader;
import dev.meshhook.load.ledger.LoadLedger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationTest {
  @TempDir Path folder;

  @Test
  void anUnreachableDatabaseGivesUnknownAndKeepsTheLedgerForARerun() throws Exception {
    try (LoadLedger ledger = LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), "tag9")) {
      ledger.sent("tag9-i-1", "order-created", 1000, 202);
      ledger.answered("tag9-i-1", 202, 1010, null);
    }
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    HistoryReader unreachable =
        new HistoryReader("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "nobody", "");
    SuiteConfig.Verify options =
        new SuiteConfig.Verify(
            Duration.ofSeconds(1), 10, new SuiteConfig.Allowed(0, 0, 0, 0, 0, 0, 0, 0));

    Verdict verdict =
        Verification.run(
                folder,
                unreachable,
                options,
                new Verification.Profile(
                    "VerificationTest",
                    "nowhere",
                    new SuiteConfig.Thresholds(2000, 5000, 1, 90),
                    0.2))
            .verdict();

    assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.UNKNOWN);
    assertThat(verdict.reason())
        .contains("could not be read")
        .contains("mvn -Preverify -Dreverify.run=" + folder);
    assertThat(LedgerReader.read(folder.resolve(LoadLedger.FILE_NAME)).entries()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(folder.resolve(VerificationReport.JSON).toFile());
    assertThat(json.path("outcome").asText()).isEqualTo("unknown");
    assertThat(folder.resolve(VerificationReport.HTML)).content().contains("UNKNOWN");
  }
}
