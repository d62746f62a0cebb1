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
  void keepsWhichReplicaEachRequestWentToAndReadsLedgersWithoutIt() throws IOException {
    Path file = dir.resolve("replicas/ledger");
    try (LoadLedger ledger = LoadLedger.create(file, "tag7")) {
      ledger.sent("tag7-i-1", "order-created", 1000, 202, 0);
      ledger.sent("tag7-i-2", "order-created", 1001, 202, 1);
      ledger.sent("tag7-i-3", "order-created", 1002, 202);
      ledger.answered("tag7-i-2", 202, 1010, "r2", false);
    }
    assertThat(Files.readAllLines(file)).contains("S\ttag7-i-3\torder-created\t1002\t202");
    assertThat(LedgerReader.read(file).entries())
        .extracting(LedgerEntry::loadId, LedgerEntry::replica, LedgerEntry::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("tag7-i-1", 0, 0),
            org.assertj.core.groups.Tuple.tuple("tag7-i-2", 1, 202),
            org.assertj.core.groups.Tuple.tuple("tag7-i-3", LedgerEntry.NO_REPLICA, 0));
  }

  @Test
  void survivesALineTornByACrash() throws IOException {
    Path file = dir.resolve("ledger");
    try (LoadLedger ledger = LoadLedger.create(file, "tag2")) {
      ledger.sent("tag2-i-1", "order-created", 1000, 202);
    }
    Files.writeString(file, "A\ttag2-i-1\t20", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    LedgerReader.Ledger read = LedgerReader.read(file);
    assertThat(read.entries()).singleElement().satisfies(e -> assertThat(e.answered()).isFalse());
    assertThat(read.malformed()).isEqualTo(LedgerReader.Malformed.NONE);
  }

  @Test
  void aMalformedLineInTheMiddleIsCountedAndNamedWhileATornLastLineIsNot() throws IOException {
    Path file = dir.resolve("malformed/ledger");
    try (LoadLedger ledger = LoadLedger.create(file, "tag5")) {
      ledger.sent("tag5-i-1", "order-created", 1000, 202);
    }
    // Line 3: no writer of ours writes it (a sent time that is no number); line 5 is cut short.
    Files.writeString(
        file,
        "S\ttag5-i-2\torder-created\t10o1\t202\n"
            + "A\ttag5-i-1\t202\t1010\tr1\t-\n"
            + "S\ttag5-i-3\torder-cre",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    LedgerReader.Ledger read = LedgerReader.read(file);

    assertThat(read.entries())
        .singleElement()
        .satisfies(e -> assertThat(e.runId()).isEqualTo("r1"));
    assertThat(read.malformed().count()).isEqualTo(1);
    assertThat(read.malformed().examples())
        .containsExactly("line 3 'S tag5-i-2 order-created 10o1 202'");
    assertThat(read.malformed().reason())
        .startsWith("the ledger has 1 malformed line (not a torn last line)")
        .contains("line 3");
  }

  @Test
  void aLastLineThatEndsWithItsNewlineWasWrittenWholeSoItIsMalformedNotTorn() throws IOException {
    Path file = dir.resolve("whole/ledger");
    try (LoadLedger ledger = LoadLedger.create(file, "tag6")) {
      ledger.sent("tag6-i-1", "order-created", 1000, 202);
    }
    Files.writeString(file, "A\ttag6-i-1\t20\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThat(LedgerReader.read(file).malformed().examples())
        .containsExactly("line 3 'A tag6-i-1 20'");
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
