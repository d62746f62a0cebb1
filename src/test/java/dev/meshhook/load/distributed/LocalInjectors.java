package dev.meshhook.load.distributed;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.figures.LoadProfile;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.harness.ChildJvm;
import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.harness.GatlingCommand;
import dev.meshhook.load.ledger.LoadIds;
import dev.meshhook.load.run.MergedVerifyMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the Kubernetes Indexed Job does, on one machine: one reference engine on loopback, {@code
 * count} injector JVMs of one profile with distinct indexes, a shared run tag and a start barrier,
 * each sending its share to that engine, then the merged verification of their ledgers. {@code
 * scripts/injectors.sh} runs it; the integration tests use it too, and may kill one injector.
 */
public final class LocalInjectors implements AutoCloseable {
  /**
   * What to run: the profile (its simulation's name or its Maven profile's, e.g. {@code smoke}),
   * how many injectors, where reports go, config keys for every JVM ({@code smoke.rate=150}), extra
   * JVM options for the injectors, whether they write Gatling's HTML report, and how far ahead of
   * their start the barrier lies (their start-up; {@link #barrierAhead} is a safe choice).
   */
  public record Plan(
      String profile,
      int count,
      Path reports,
      Map<String, String> settings,
      List<String> jvmOptions,
      boolean gatlingReports,
      Duration barrier) {}

  /**
   * Time the injector JVMs get between their start and the barrier, for their own start-up: they
   * start together and share the machine's cores (2 cores, 3 injectors: 7 s each on a quiet
   * machine, 10-13 s on a busy one).
   */
  public static Duration barrierAhead(int count) {
    return Duration.ofSeconds(6 + 4L * count);
  }

  private final Plan plan;
  private final SuiteConfig config;
  private final String simulation;
  private final String runTag;
  private final EngineProcess engine;
  private final Secret secret;
  private final List<Process> injectors = new ArrayList<>();

  private LocalInjectors(
      Plan plan,
      SuiteConfig config,
      String simulation,
      String runTag,
      EngineProcess engine,
      Secret secret) {
    this.plan = plan;
    this.secret = secret;
    this.config = config;
    this.simulation = simulation;
    this.runTag = runTag;
    this.engine = engine;
  }

  /**
   * Checks the plan and the configuration (a bad value stops here, before any process starts),
   * starts the engine and then every injector; returns at once, the injectors running.
   */
  public static LocalInjectors start(Plan plan) {
    if (plan.count() < 1 || plan.count() > 64) {
      throw new IllegalArgumentException(
          "injector count " + plan.count() + ": from 1 to 64 on one machine");
    }
    LoadProfile<?> profile = profileNamed(plan.profile());
    SuiteConfig config = SuiteConfig.from(configWith(plan.settings()));
    String runTag = LoadIds.newRunTag();
    Secret secret = Secret.random();
    EngineOptions engineOptions = profile.shapeIn(config).engine(config.engine());
    EngineProcess engine =
        EngineProcess.start(
            engineOptions,
            EngineProcess.freePort(),
            engineOptions.home().toAbsolutePath(),
            runTag,
            secret);
    LocalInjectors run =
        new LocalInjectors(
            plan,
            config,
            "dev.meshhook.load.simulations." + profile.simulation(),
            runTag,
            engine,
            secret);
    try {
      run.launch();
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
    return run;
  }

  private void launch() {
    long startAt = System.currentTimeMillis() + plan.barrier().toMillis();
    System.out.println(
        "injectors: "
            + plan.count()
            + " x "
            + simulation.substring(simulation.lastIndexOf('.') + 1)
            + ", run tag "
            + runTag
            + ", engine pid "
            + engine.pid()
            + " at "
            + engine.ready().baseUrl()
            + ", start barrier in "
            + plan.barrier().toSeconds()
            + " s");
    for (int index = 0; index < plan.count(); index++) {
      Path folder = mergedDir().resolve(Injectors.folderName(index));
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, String> settings = new LinkedHashMap<>(plan.settings());
      settings.putAll(shared(index, startAt));
      List<String> command =
          GatlingCommand.of(
              simulation,
              folder,
              plan.jvmOptions(),
              settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
              plan.gatlingReports());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("console.log").toFile());
      // Secrets travel in the environment only, as in a pod: never on a command line.
      builder.environment().put("WEBHOOK_SECRET", secret.reveal());
      builder
          .environment()
          .put(
              "API_TOKENS",
              engine.ready().apiTokens().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(",")));
      try {
        injectors.add(ChildJvm.start(builder));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start injector " + index, e);
      }
    }
  }

  /** The settings that make injector {@code index} one of this run's. */
  private Map<String, String> shared(int index, long startAt) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("injectors.count", Integer.toString(plan.count()));
    s.put("injectors.index", Integer.toString(index));
    s.put("injectors.runTag", runTag);
    s.put("injectors.startAt", Long.toString(startAt));
    s.put("reports.dir", plan.reports().toString());
    s.put("target.url", engine.ready().baseUrl());
    s.put("target.jdbcUrl", engine.ready().jdbcUrlAs(config.target().dbUser()));
    return s;
  }

  /** The shared run's folder: {@code <reports>/<runTag>}. */
  public Path mergedDir() {
    return plan.reports().resolve(runTag);
  }

  public String runTag() {
    return runTag;
  }

  /** The engine every injector loads (a test may hold it still). */
  public EngineProcess engine() {
    return engine;
  }

  /** A live handle to injector {@code index}'s JVM (a test may kill it). */
  public Process injector(int index) {
    return injectors.get(index);
  }

  /**
   * Waits for every injector to end, at most {@code timeout} in all; returns their exit codes. One
   * still running then is killed and reported as -1.
   */
  public List<Integer> await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Integer> codes = new ArrayList<>();
    for (Process p : injectors) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (p.waitFor(left, TimeUnit.NANOSECONDS)) {
        codes.add(p.exitValue());
      } else {
        p.destroyForcibly();
        codes.add(-1);
      }
    }
    System.out.println("injectors: exit codes " + codes);
    return codes;
  }

  /**
   * The merged verification of every injector's ledger; its exit code (0 pass, 1 fail, 2 unknown).
   */
  public int verifyMerged() {
    Map<String, String> settings = new LinkedHashMap<>(plan.settings());
    settings.putAll(shared(0, 0));
    // The verifier is no injector: it only needs the count, to name one that left nothing.
    settings.remove("injectors.index");
    settings.remove("injectors.startAt");
    settings.put("target.webhookSecret", secret.reveal()); // in this JVM only, as the pods' env
    SuiteConfig verifier = SuiteConfig.from(configWith(settings));
    return MergedVerifyMain.run(mergedDir(), verifier);
  }

  /** Stops every injector still running, then the engine and its database. */
  @Override
  public void close() {
    for (Process p : injectors) {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    engine.close();
  }

  static Config configWith(Map<String, String> settings) {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()).resolve();
  }

  /**
   * A profile by its simulation's name ({@code SmokeSimulation}) or its Maven profile's ({@code
   * smoke}).
   */
  static LoadProfile<?> profileNamed(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return LoadProfiles.ALL.stream()
        .filter(
            p -> {
              String simulation = p.simulation().toLowerCase(Locale.ROOT);
              return simulation.equals(wanted) || simulation.equals(wanted + "simulation");
            })
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no profile '"
                        + name
                        + "'; one of: "
                        + LoadProfiles.ALL.stream()
                            .map(
                                p ->
                                    p.simulation()
                                        .replace("Simulation", "")
                                        .toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))));
  }
}
