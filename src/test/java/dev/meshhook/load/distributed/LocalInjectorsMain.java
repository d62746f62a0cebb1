package dev.meshhook.load.distributed;

import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.settings.ConfigError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code scripts/injectors.sh <count> <profile> [-Dkey=value ...]}: the Kubernetes Job's work on
 * one machine ({@link LocalInjectors}), then the merged verification. Every {@code -D} whose key
 * belongs to application.conf is handed to each injector; the exit code is the merged
 * verification's (0 pass, 1 fail, 2 unknown), or 2 when an injector failed to finish its share.
 */
public final class LocalInjectorsMain {
  /**
   * No profile runs longer than a day (soak's limit); the wait for the injectors is bounded by it.
   */
  static final Duration LONGEST_RUN = Duration.ofHours(25);

  private LocalInjectorsMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].matches("\\d+")) {
      System.err.println("usage: scripts/injectors.sh <count> <profile> [-Dkey=value ...]");
      System.exit(2);
    }
    int count = Integer.parseInt(args[0]);
    LocalInjectors.Plan plan =
        new LocalInjectors.Plan(
            args[1],
            count,
            Path.of(System.getProperty("reports.dir", "reports")).toAbsolutePath().normalize(),
            forwarded(),
            List.of(),
            true,
            LocalInjectors.barrierAhead(count));
    LocalInjectors run;
    try {
      run = LocalInjectors.start(plan);
    } catch (ConfigError | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try (run) {
      List<Integer> exits = run.await(LONGEST_RUN);
      code = run.verifyMerged();
      if (code == 0 && exits.stream().anyMatch(c -> c != 0)) {
        System.out.println(
            "injectors: the merged verdict passed, but an injector exited non-zero (its Gatling"
                + " assertions or a crash): see "
                + run.mergedDir()
                + "/injector-<i>/console.log");
        code = 1;
      }
      System.out.println(
          "merged verification report: " + run.mergedDir().resolve("verification.html").toUri());
    }
    System.exit(code);
  }

  /** This JVM's system properties that are settings of the suite (their first key is a block). */
  static Map<String, String> forwarded() {
    Set<String> blocks = ConfigFactory.parseResources("application.conf").root().keySet();
    Map<String, String> settings = new LinkedHashMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            key -> {
              String block = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
              if (blocks.contains(block)
                  && !block.equals("injectors")
                  && !block.equals("target")
                  && !key.equals("reports.dir")) {
                settings.put(key, System.getProperty(key));
              }
            });
    return settings;
  }
}
