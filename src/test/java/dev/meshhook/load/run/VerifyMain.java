package dev.meshhook.load.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.checker.Outcome;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.store.EngineDatabase;
import dev.meshhook.load.figures.LoadProfile;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.report.RegressionCheck;
import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.verification.LoadReports;
import dev.meshhook.load.verification.Verification;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Re-runs the verification of an earlier run from its folder: {@code mvn -Preverify
 * -Dreverify.run=reports/<run>}. For an embedded-engine run it starts PostgreSQL alone on that
 * run's kept data directory; for a deployment it uses the target block of the config. Exit code 0
 * pass, 1 fail, 2 unknown or unusable input.
 */
public final class VerifyMain {
  private VerifyMain() {}

  public static void main(String[] args) throws IOException {
    Path folder =
        folderArgument(args, "mvn -Preverify -Dreverify.run=reports/<simulation>-<timestamp>");
    // The run's own quick flag picks the shape its figures were computed with.
    System.setProperty("quick", Boolean.toString(quickIn(folder.resolve("run.json"))));
    System.exit(run(folder, SuiteConfig.load()));
  }

  /** The one folder a command was given, absolute; or exit 2 with its usage line. */
  static Path folderArgument(String[] args, String usage) {
    if (args.length != 1 || args[0].isBlank()) {
      System.err.println("usage: " + usage);
      System.exit(2);
    }
    return Path.of(args[0]).toAbsolutePath().normalize();
  }

  /** Whether the run.json file says the run was quick (false when there is none). */
  static boolean quickIn(Path runJson) throws IOException {
    return Files.isRegularFile(runJson)
        && new ObjectMapper().readTree(runJson.toFile()).path("quick").asBoolean();
  }

  /** Verifies the run in {@code folder}; returns the exit code. */
  public static int run(Path folder, SuiteConfig config) throws IOException {
    Path info = folder.resolve("run.json");
    if (!Files.isRegularFile(info) || !Files.isRegularFile(folder.resolve(LoadLedger.FILE_NAME))) {
      System.err.println(
          "reverify: "
              + folder
              + " holds no run.json and ledger; pass a run folder under reports/");
      return 2;
    }
    JsonNode run = new ObjectMapper().readTree(info.toFile());
    Optional<Verification.Profile> profile = profile(run, config, "reverify");
    if (profile.isEmpty()) {
      return 2;
    }
    if (run.path("embedded").asBoolean()) {
      Path dataDir = Path.of(run.path("engineDataDir").asText());
      if (!Files.isDirectory(dataDir)) {
        System.err.println(
            "reverify: the engine database of this run is gone ("
                + dataDir
                + "); only the last engine.keepDataDirs runs are kept");
        return 2;
      }
      // Held while it is read: a run started meanwhile in the same engine.home would otherwise
      // prune it, PostgreSQL and all, mid-check.
      EngineProcess.HeldHome held;
      try {
        held = EngineProcess.holdHome(dataDir.getParent());
      } catch (IllegalStateException e) {
        System.err.println(
            "reverify: "
                + dataDir.getParent()
                + " is in use by another process (its engine still running, or another"
                + " re-verification of it); run this again once that has ended");
        return 2;
      }
      System.out.println("reverify: starting PostgreSQL on " + dataDir);
      try (held;
          EmbeddedPostgres postgres = EngineDatabase.startPostgres(dataDir)) {
        HistoryReader history =
            new HistoryReader(postgres.getJdbcUrl("meshhook_checker", "postgres"), null, null);
        return exitCode(
            folder, run, Verification.run(folder, history, config.verify(), profile.get()), config);
      }
    }
    Optional<HistoryReader> history = deploymentHistory(config, "to re-verify a run against it");
    if (history.isEmpty()) {
      return 2;
    }
    return exitCode(
        folder,
        run,
        Verification.run(folder, history.get(), config.verify(), profile.get()),
        config);
  }

  /**
   * The deployment's database as the checker reads it (target.jdbcUrl, dbUser, dbPassword), or
   * empty after one line saying that TARGET_JDBC_URL is needed {@code forWhat}.
   */
  static Optional<HistoryReader> deploymentHistory(SuiteConfig config, String forWhat) {
    SuiteConfig.Target target = config.target();
    if (target.jdbcUrl().isEmpty()) {
      System.err.println(
          new ConfigError(
                  "target.jdbcUrl", "", "the deployment's JDBC URL (TARGET_JDBC_URL) " + forWhat)
              .getMessage());
      return Optional.empty();
    }
    return Optional.of(
        new HistoryReader(target.jdbcUrl(), target.dbUser(), target.dbPassword().reveal()));
  }

  /**
   * The profile a run.json names, with its thresholds and warn margin, or empty (after one line on
   * stderr) when it names no profile of this suite.
   */
  static Optional<Verification.Profile> profile(JsonNode run, SuiteConfig config, String command) {
    JsonNode t = run.path("thresholds");
    String simulation = run.path("simulation").asText();
    Optional<LoadProfile<?>> known = LoadProfiles.named(simulation);
    if (known.isEmpty()) {
      System.err.println(
          command
              + ": run.json names simulation '"
              + simulation
              + "', which is no profile of this suite ("
              + String.join(", ", LoadProfiles.ALL.stream().map(LoadProfile::simulation).toList())
              + ")");
      return Optional.empty();
    }
    return Optional.of(
        new Verification.Profile(
            simulation,
            run.path("target").asText(),
            new SuiteConfig.Thresholds(
                t.path("p95Ms").asInt(),
                t.path("p99Ms").asInt(),
                t.path("maxFailedPercent").asDouble(),
                t.path("minSuccessPercent").asDouble()),
            run.path("warnMargin").asDouble(config.warnMargin()),
            known.get().shapeIn(config).wholeRunThresholds(),
            known.get().figuresIn(config),
            known.get().availabilityIn(config),
            known.get().shapeIn(config).sendsProbes()));
  }

  /**
   * results.json, junit.xml, the run's history line and the index follow the new verification, so
   * their counts keep agreeing with verification.json; a regression past its fail tolerance fails.
   */
  private static int exitCode(
      Path folder, JsonNode run, Verification.Result result, SuiteConfig config) {
    // The new verification.html and .json lack Gatling's figures until they are added again.
    Verification.compareLatency(folder);
    return reportedExitCode(folder, run, result, config);
  }

  /**
   * After a verification of the run {@code run} (its run.json) in {@code folder}: results.json,
   * junit.xml, the history line and the index, then the exit code with the regression verdict.
   */
  static int reportedExitCode(
      Path folder, JsonNode run, Verification.Result result, SuiteConfig config) {
    boolean embedded = run.path("embedded").asBoolean();
    Instant startedAt = Instant.parse(run.path("startedAt").asText(Instant.EPOCH.toString()));
    Optional<RegressionCheck.Result> checked =
        LoadReports.regressionAfter(
            folder,
            new LoadReports.Run(
                run.path("simulation").asText(),
                run.path("quick").asBoolean(),
                startedAt,
                embedded ? "embedded" : run.path("target").asText()),
            result,
            config);
    return exitCode(
        result.verdict(),
        result.classification().level(),
        checked.map(RegressionCheck.Result::level).orElse(RegressionCheck.Level.UNKNOWN));
  }

  /**
   * As below, except that an anomaly found over its allowance gives 1 even when the verdict is
   * unknown for another reason (a merge short of an injector, figures that broke): what was found
   * lost stays a failure.
   */
  static int exitCode(Verdict verdict, Outcome classification, RegressionCheck.Level regression) {
    if (verdict.findings().values().stream().anyMatch(f -> !f.ok())) {
      return 1;
    }
    return exitCode(verdict.outcome(), classification, regression);
  }

  /**
   * The verdict decides first; after a passing one, a classification or regression that failed
   * gives 1, then one that is unknown (a regression check that broke included) gives 2.
   */
  static int exitCode(Outcome verdict, Outcome classification, RegressionCheck.Level regression) {
    return switch (verdict) {
      case FAIL -> 1;
      case UNKNOWN -> 2;
      case PASS, WARN -> {
        if (classification == Outcome.FAIL || regression == RegressionCheck.Level.FAIL) {
          yield 1;
        }
        yield classification.passes() && regression != RegressionCheck.Level.UNKNOWN ? 0 : 2;
      }
    };
  }
}
