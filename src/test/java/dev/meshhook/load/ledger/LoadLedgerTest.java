package dev.meshhook.load.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadLedgerTest {
  @TempDir Path dir;

  @Test
  void pairsSendsWithAnswersAndKeepsUnansweredOnes() {
    Path file = dir.resolve("run/ledger");
    try (LoadLedger ledger = LoadLedger.create(file, "tag1")) {
      ledger.sent("tag1-i-1", "order-created", 1000, 202);
      ledger.sent("tag1-i-2", "user-signup", 1001, 401);
      ledger.answered("tag1-i-1", 202, 1010, "3f1e");
      ledger.answered("tag1-i-2", 401, 1011, null);
      ledger.sent("tag1-i-3", "order-created", 1002, 202); // in flight when the run died
    }
    LedgerReader.Ledger read = LedgerReader.read(file);
    assertThat(read.runTag()).isEqualTo("tag1");
    assertThat(read.entries())
        .containsExactly(
            new LedgerEntry("tag1-i-1", "order-created", 1000, 202, 202, 1010, "3f1e"),
            new LedgerEntry("tag1-i-2", "user-signup", 1001, 401, 401, 1011, null),
            new LedgerEntry("tag1-i-3", "order-created", 1002, 202, 0, 0, null));
    assertThat(read.entries().get(2).answered()).isFalse();
  }

  @Test
  void keepsWhetherAShedAnswerCarriedRetryAfter() {
    Path file = dir.resolve("shed/ledger");
    try (LoadLedger ledger = LoadLedger.create(file, "tag4")) {
      ledger.sent("tag4-i-1", "order-created", 1000, 202);
      ledger.sent("tag4-i-2", "order-created", 1001, 202);
      ledger.answered("tag4-i-1", 429, 1010, null, true);
      ledger.answered("tag4-i-2", 503, 1011, null, false);
    }
    assertThat(LedgerReader.read(file).entries())
        .extracting(LedgerEntry::shedPolitely)
        .containsExactly(true, false);
  }

  @Test
  void survivesALineTornByACrash() throws IOException {
    Path file = dir.resolve("ledger");
    try (LoadLedger ledger = LoadLedger.create(file, "tag2")) {
      ledger.sent("tag2-i-1", "order-created", 1000, 202);
    }
    Files.writeString(file, "A\ttag2-i-1\t20", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThat(LedgerReader.read(file).entries())
        .singleElement()
        .satisfies(e -> assertThat(e.answered()).isFalse());
  }

  @Test
  void refusesToOverwriteAnExistingLedgerOrReadAForeignFile() throws IOException {
    Path file = dir.resolve("ledger");
    LoadLedger.create(file, "tag3").close();
    assertThatThrownBy(() -> LoadLedger.create(file, "tag3"))
        .hasMessageContaining("cannot create " + file);
    Path foreign = Files.writeString(dir.resolve("other"), "hello\n");
    assertThatThrownBy(() -> LedgerReader.read(foreign))
        .hasMessageContaining("not a meshhook-load ledger");
  }
}
