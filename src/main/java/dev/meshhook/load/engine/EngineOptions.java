package dev.meshhook.load.engine;

import com.typesafe.config.Config;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.engine.workflow.EngineDialect;
import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The reference engine's knobs (the {@code engine} block; defaults in this module's
 * reference.conf), and how the suite runs it: its heap, how long it may take to start, how many old
 * data folders to keep and where. The engine's own JVM reads the same block back from the flags of
 * {@link #asFlags}, so both sides validate one way.
 */
public record EngineOptions(
    int port,
    FaultMode fault,
    int faultEvery,
    int workers,
    int poolSize,
    Duration startTimeout,
    String heap,
    int keepDataDirs,
    Path home,
    int maxBodyBytes,
    double ratePerSecond,
    int rateBurst,
    Duration idempotencyTtl,
    Duration intakeTimeout,
    Duration leaseDuration,
    Duration runDelay,
    EngineDialect dialect,
    boolean rls) {

  /**
   * The same settings as -D flags, for the engine's own JVM (which reads them back with {@link
   * #read}).
   */
  public java.util.List<String> asFlags() {
    return java.util.List.of(
        "-Dengine.port=" + port,
        "-Dengine.fault=" + fault.flag(),
        "-Dengine.faultEvery=" + faultEvery,
        "-Dengine.workers=" + workers,
        "-Dengine.poolSize=" + poolSize,
        "-Dengine.maxBodyBytes=" + maxBodyBytes,
        "-Dengine.rateLimit.perSecond=" + ratePerSecond,
        "-Dengine.rateLimit.burst=" + rateBurst,
        "-Dengine.idempotencyTtl=" + idempotencyTtl.toMillis() + "ms",
        "-Dengine.intakeTimeout=" + intakeTimeout.toMillis() + "ms",
        "-Dengine.leaseDuration=" + leaseDuration.toMillis() + "ms",
        "-Dengine.runDelay=" + runDelay.toMillis() + "ms",
        "-Dengine.dialect=" + dialect.flag(),
        "-Dengine.rls=" + (rls ? "on" : "off"));
  }

  public EngineOptions withPort(int newPort) {
    return new EngineOptions(
        newPort,
        fault,
        faultEvery,
        workers,
        poolSize,
        startTimeout,
        heap,
        keepDataDirs,
        home,
        maxBodyBytes,
        ratePerSecond,
        rateBurst,
        idempotencyTtl,
        intakeTimeout,
        leaseDuration,
        runDelay,
        dialect,
        rls);
  }

  public EngineOptions withHeap(String newHeap) {
    return new EngineOptions(
        port,
        fault,
        faultEvery,
        workers,
        poolSize,
        startTimeout,
        newHeap,
        keepDataDirs,
        home,
        maxBodyBytes,
        ratePerSecond,
        rateBurst,
        idempotencyTtl,
        intakeTimeout,
        leaseDuration,
        runDelay,
        dialect,
        rls);
  }

  public EngineOptions withLease(Duration lease) {
    return new EngineOptions(
        port,
        fault,
        faultEvery,
        workers,
        poolSize,
        startTimeout,
        heap,
        keepDataDirs,
        home,
        maxBodyBytes,
        ratePerSecond,
        rateBurst,
        idempotencyTtl,
        intakeTimeout,
        lease,
        runDelay,
        dialect,
        rls);
  }

  public EngineOptions withRateLimit(double perSecond, int burst) {
    return new EngineOptions(
        port,
        fault,
        faultEvery,
        workers,
        poolSize,
        startTimeout,
        heap,
        keepDataDirs,
        home,
        maxBodyBytes,
        perSecond,
        burst,
        idempotencyTtl,
        intakeTimeout,
        leaseDuration,
        runDelay,
        dialect,
        rls);
  }

  /** Reads and validates the {@code engine} block; a bad value stops with a {@link ConfigError}. */
  public static EngineOptions read(Config config) {
    Settings s = new Settings(config);
    String heap = s.heap("engine.heap");
    return new EngineOptions(
        s.intBetween("engine.port", 0, 65535),
        s.choice("engine.fault", FaultMode.class, FaultMode::flag),
        s.intAtLeast("engine.faultEvery", 1),
        s.intAtLeast("engine.workers", 0),
        s.intAtLeast("engine.poolSize", 1),
        s.duration("engine.startTimeout", Duration.ofSeconds(5), Duration.ofMinutes(10)),
        heap,
        s.intAtLeast("engine.keepDataDirs", 1),
        home(s.string("engine.home")),
        s.intBetween("engine.maxBodyBytes", 1, 64 << 20),
        s.positive("engine.rateLimit.perSecond"),
        s.intAtLeast("engine.rateLimit.burst", 1),
        s.duration("engine.idempotencyTtl", Duration.ofSeconds(1), Duration.ofDays(7)),
        s.duration("engine.intakeTimeout", Duration.ofMillis(250), Duration.ofSeconds(60)),
        s.duration("engine.leaseDuration", Duration.ofSeconds(1), Duration.ofMinutes(10)),
        s.duration("engine.runDelay", Duration.ZERO, Duration.ofMinutes(10)),
        s.choice("engine.dialect", EngineDialect.class, EngineDialect::flag),
        s.choice("engine.rls", Rls.class, Rls::flag) == Rls.ON);
  }

  /** {@code engine.home}: a folder, made when missing; a file in its place is a config error. */
  private static Path home(String value) {
    Path home;
    try {
      home = Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ConfigError("engine.home", value, "a folder's path");
    }
    if (value.isBlank() || Files.exists(home) && !Files.isDirectory(home)) {
      throw new ConfigError(
          "engine.home", value, "a folder's path (a folder that exists, or none by that name)");
    }
    return home;
  }

  /** {@code engine.rls}: row-level security on the contract tables, as MeshHook has it. */
  private enum Rls {
    ON,
    OFF;

    String flag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
