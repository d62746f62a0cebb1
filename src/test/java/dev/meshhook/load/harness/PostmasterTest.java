package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code postmaster.pid} outlives its server, and its pid may be taken by any program, even by
 * another PostgreSQL: only a postgres process whose arguments name that data directory is
 * signalled.
 */
class PostmasterTest {
  @TempDir Path dir;

  @Test
  void aPidFileNamingALiveProcessThatIsNotPostgresIsNeverSignalled() throws Exception {
    Path dataDir = Files.createDirectories(dir.resolve("pgdata"));
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      pidFile(dataDir, sleep.pid());

      assertThatThrownBy(() -> Postmaster.of(dataDir))
          .hasMessageContaining("postmaster.pid: refusing to signal pid " + sleep.pid())
          .hasMessageContaining("not postgres");
      assertThat(Postmaster.find(dataDir)).isEmpty();
      Postmaster.stop(dataDir);
      EngineProcess.killPostgres(dataDir);
      assertThatThrownBy(
              () ->
                  new DatabaseFaults("jdbc:none", dataDir).restartPostgres(java.time.Duration.ZERO))
          .hasMessageContaining("refusing to signal pid " + sleep.pid());

      assertThat(sleep.waitFor(1, TimeUnit.SECONDS)).as("the sleep was not signalled").isFalse();
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void aPostgresOfAnotherDataDirectoryIsNotSignalledAndTheOneOfThisDirectoryIsFound()
      throws Exception {
    Path dataDir = Files.createDirectories(dir.resolve("pgdata"));
    Path other = Files.createDirectories(dir.resolve("other"));
    // A program named postgres that stays up with the arguments it is given.
    Path postgres = Files.copy(Path.of("/bin/bash"), dir.resolve("postgres"));
    Process foreign = server(postgres, other);
    Process own = server(postgres, dir.resolve("./pgdata"));
    try {
      pidFile(dataDir, foreign.pid());
      assertThatThrownBy(() -> Postmaster.of(dataDir))
          .hasMessageContaining("refusing to signal pid " + foreign.pid())
          .hasMessageContaining("without the argument " + dataDir);
      Postmaster.stop(dataDir);
      assertThat(foreign.waitFor(1, TimeUnit.SECONDS))
          .as("another directory's server was not signalled")
          .isFalse();

      // Its own server, though written another way (pgdata/./), is found: the check is no blanket
      // refusal.
      pidFile(dataDir, own.pid());
      assertThat(Postmaster.of(dataDir).pid()).isEqualTo(own.pid());
    } finally {
      foreign.destroyForcibly();
      own.destroyForcibly();
    }
  }

  private static Process server(Path postgres, Path dataDir) throws Exception {
    // Not a lone simple command, which bash would exec (and then run as sleep).
    return new ProcessBuilder(
            postgres.toString(), "-c", "sleep 30; exit 0", "postgres", "-D", dataDir.toString())
        .start();
  }

  private static void pidFile(Path dataDir, long pid) throws Exception {
    Files.writeString(
        dataDir.resolve("postmaster.pid"),
        pid + "\n" + dataDir + "\n1700000000\n5432\n",
        StandardCharsets.UTF_8);
  }
}
