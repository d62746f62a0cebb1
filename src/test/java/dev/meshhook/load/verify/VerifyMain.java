package dev.meshhook.load.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.config.ConfigError;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.target.EngineDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Re-runs the verification of an earlier run from its folder: {@code mvn -Preverify
 * -Dreverify.run=reports/<run>}. For an embedded-engine run it starts PostgreSQL alone on that
 * run's kept data directory; for a deployment it uses the target block of the config. Exit code 0
 * pass, 1 fail, 2 unknown or unusable input.
 */
public final class VerifyMain {
  private VerifyMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1 || args[0].isBlank()) {
      System.err.println("usage: mvn -Preverify -Dreverify.run=reports/<simulation>-<timestamp>");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0]).toAbsolutePath().normalize(), SuiteConfig.load()));
  }

  /** Verifies the run in {@code folder}; returns the exit code. */
  public static int run(Path folder, SuiteConfig config) throws IOException {
    Path info = folder.resolve("run.json");
    if (!Files.isRegularFile(info) || !Files.isRegularFile(folder.resolve(RunLedger.FILE_NAME))) {
      System.err.println("reverify: " + folder + " holds no run.json and ledger; pass a run folder under reports/");
      return 2;
    }
    JsonNode run = new ObjectMapper().readTree(info.toFile());
    String simulation = run.path("simulation").asText();
    String target = run.path("target").asText();
    if (run.path("embedded").asBoolean()) {
      Path dataDir = Path.of(run.path("engineDataDir").asText());
      if (!Files.isDirectory(dataDir)) {
        System.err.println("reverify: the engine database of this run is gone (" + dataDir
            + "); only the last engine.keepDataDirs runs are kept");
        return 2;
      }
      System.out.println("reverify: starting PostgreSQL on " + dataDir);
      try (EmbeddedPostgres postgres = EngineDatabase.startPostgres(dataDir)) {
        HistoryReader history = new HistoryReader(postgres.getJdbcUrl("meshhook_checker", "postgres"), null, null);
        return exitCode(Verification.run(folder, history, config.verify(), simulation, target).verdict());
      }
    }
    SuiteConfig.Target t = config.target();
    if (t.jdbcUrl().isEmpty()) {
      System.err.println(new ConfigError("target.jdbcUrl", "", "the deployment's JDBC URL (TARGET_JDBC_URL) to re-verify a run against it").getMessage());
      return 2;
    }
    HistoryReader history = new HistoryReader(t.jdbcUrl(), t.dbUser(), t.dbPassword().reveal());
    return exitCode(Verification.run(folder, history, config.verify(), simulation, target).verdict());
  }

  private static int exitCode(Verdict verdict) {
    return switch (verdict.outcome()) {
      case PASS -> 0;
      case FAIL -> 1;
      case UNKNOWN -> 2;
    };
  }
}
