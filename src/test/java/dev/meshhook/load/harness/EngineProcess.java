package dev.meshhook.load.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.config.Secret;
import dev.meshhook.load.engine.EngineMain;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.engine.api.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The suite's handle on the reference engine running as its own JVM. Starting it waits until it
 * serves; stopping it stops its PostgreSQL too, and a shutdown hook does the same on Ctrl-C. The
 * engine also watches this JVM's pid, so even a kill -9 of the suite leaves nothing running.
 */
public final class EngineProcess implements AutoCloseable {
  /** What the engine wrote once it was ready. */
  public record Ready(
      long pid,
      String baseUrl,
      String jdbcUrl,
      String checkerJdbcUrl,
      Path dataDir,
      List<String> slugs,
      java.util.Map<String, String> apiTokens) {
    /** The engine database's JDBC URL for {@code role} (the embedded server trusts loopback). */
    public String jdbcUrlAs(String role) {
      return jdbcUrl.replaceFirst("([?&])user=[^&]*", "$1user=" + role);
    }

    @Override
    public String toString() {
      return "Ready[pid="
          + pid
          + ", baseUrl="
          + baseUrl
          + ", dataDir="
          + dataDir
          + ", apiTokens=****]";
    }
  }

  /**
   * What a restart needs to start the same engine again on the same database and port. A replica
   * has {@code replicaOf} (its primary's JDBC URL), its own {@code home} inside the primary's, and
   * the primary's API tokens in {@code env}.
   */
  private record Launch(
      EngineOptions options,
      int port,
      Path engines,
      String runTag,
      Secret secret,
      String replicaOf,
      Path replicaHome,
      java.util.Map<String, String> env) {
    boolean replica() {
      return replicaOf != null;
    }
  }

  private final Process process;
  private final Ready ready;
  private final Path home;
  private final Launch launch;
  private final Thread shutdownHook;
  private boolean released; // guarded by this
  // Taken while the engine runs: postmaster.pid is gone a moment before the postmaster is.
  private final Optional<ProcessHandle> postgres;

  private EngineProcess(Process process, Ready ready, Path home, Launch launch) {
    this.process = process;
    this.ready = ready;
    this.home = home;
    this.launch = launch;
    // A replica's server is its primary's to find and stop.
    this.postgres = launch.replica() ? Optional.empty() : Postmaster.find(ready.dataDir());
    this.shutdownHook = new Thread(this::stop, "engine-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * A free loopback port, so the HTTP protocol can be built before the engine starts; below the
   * kernel's ephemeral range when there is room. A port from that range (what binding port 0 gives)
   * can be taken as the local end of any outgoing connection in the seconds before the engine binds
   * it, and was: an engine of a build that ran several load tests at once died of "Address already
   * in use".
   */
  public static int freePort() {
    int ephemeralFrom = ephemeralRangeStart();
    if (ephemeralFrom > OWN_PORTS_FROM + 1000) {
      for (int attempt = 0; attempt < 100; attempt++) {
        int port = OWN_PORTS_FROM + PORTS.nextInt(ephemeralFrom - OWN_PORTS_FROM);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          return socket.getLocalPort();
        } catch (IOException e) {
          // taken: another
        }
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static final int OWN_PORTS_FROM = 20_000;
  private static final java.util.Random PORTS = new java.util.Random();

  /** The first port of Linux's ephemeral range; 0 where it cannot be read (not Linux). */
  static int ephemeralRangeStart() {
    // A line read, not Files.readString: procfs reports a size of 0, and readString gave "3" of
    // "32768\t60999" here, so every port came from the ephemeral range this method is to avoid.
    try (java.io.BufferedReader r =
        Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      String range = String.valueOf(r.readLine()).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Starts the engine for one run under {@code engines/<runTag>/} and waits for it; older run
   * folders beyond {@code engine.keepDataDirs} are deleted first.
   */
  public static EngineProcess start(
      EngineOptions options, int port, Path engines, String runTag, Secret secret) {
    return start(
        new Launch(options, port, engines, runTag, secret, null, null, java.util.Map.of()));
  }

  /**
   * One more engine, replica {@code index}, on {@code primary}'s database and with its secret and
   * API tokens, serving on {@code port}; its log and ready file go to {@code replica-<index>} in
   * the primary's folder. Stopping it leaves the database to the primary.
   */
  public static EngineProcess startReplica(EngineProcess primary, int index, int port) {
    Launch p = primary.launch;
    java.util.Map<String, String> env = new java.util.HashMap<>();
    primary
        .ready()
        .apiTokens()
        .forEach((project, token) -> env.put(ApiTokens.envName(project), token));
    return start(
        new Launch(
            p.options(),
            port,
            p.engines(),
            p.runTag(),
            p.secret(),
            primary.ready().jdbcUrl(),
            primary.home().resolve("replica-" + index),
            env));
  }

  /** Starts of one engine when its port was taken as it bound it: see {@link #start(Launch)}. */
  static final int PORT_ATTEMPTS = 3;

  private static EngineProcess start(Launch launch) {
    for (int attempt = 1; ; attempt++) {
      try {
        return launch.replica() ? startReplica(launch) : startPrimary(launch);
      } catch (IllegalStateException e) {
        // The port was free when chosen, and the HTTP protocol already names it; in the seconds
        // before the engine binds it, another process may hold it for a moment (a port probe such
        // as freePort() itself in another JVM, or a browser driver's). The same port, a second
        // later; a port held for good still fails, after the last attempt.
        if (attempt == PORT_ATTEMPTS
            || !String.valueOf(e.getMessage()).contains("BindException: Address already in use")) {
          throw e;
        }
        System.out.printf(
            "engine: port %d was taken when the engine bound it; starting it again in 1 s"
                + " (attempt %d of %d)%n",
            launch.port(), attempt + 1, PORT_ATTEMPTS);
        sleep(1000);
      }
    }
  }

  private static EngineProcess startReplica(Launch launch) {
    Path home = launch.replicaHome();
    Path readyFile = home.resolve("ready.json");
    try {
      Files.createDirectories(home);
      Files.deleteIfExists(readyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + home, e);
    }
    return launch(launch, home, List.of("--replica-of", launch.replicaOf()));
  }

  private static EngineProcess startPrimary(Launch launch) {
    EngineOptions options = launch.options();
    Path home = launch.engines().resolve(launch.runTag());
    Path readyFile = home.resolve("ready.json");
    try {
      // Held before pruning: two tests that start engines at once got run tags of the same second,
      // which sort by their random suffix, and one's pruning deleted the other's home mid-copy.
      HomeLeases.hold(home);
      synchronized (HomeLeases.class) { // one pruning at a time in this JVM
        prune(launch.engines(), home, options.keepDataDirs() - 1);
      }
      if (!Files.exists(home.resolve("pgdata"))) {
        PostgresTemplate.copyInto(launch.engines(), home.resolve("pgdata"));
      }
      // A restart: the last engine's word is stale, and a postmaster it left behind holds the data
      // directory.
      Files.deleteIfExists(readyFile);
      killPostgres(home.resolve("pgdata"));
    } catch (IOException e) {
      release(home);
      throw new UncheckedIOException("cannot prepare " + home, e);
    } catch (RuntimeException e) {
      release(home);
      throw e;
    }
    try {
      return launch(launch, home, List.of("--data-dir", home.resolve("pgdata").toString()));
    } catch (RuntimeException e) {
      killPostgres(home.resolve("pgdata"));
      release(home);
      throw e;
    }
  }

  private static EngineProcess launch(Launch launch, Path home, List<String> database) {
    EngineOptions options = launch.options();
    Path readyFile = home.resolve("ready.json");
    Path log = home.resolve("engine.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + options.heap());
    // Out of heap, the engine dies at once instead of thrashing in full GCs with connections open.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-cp");
    command.add(EngineClasspath.get());
    command.addAll(options.withPort(launch.port()).asFlags());
    command.add(EngineMain.class.getName());
    command.addAll(database);
    command.add("--ready-file");
    command.add(readyFile.toString());
    command.add("--parent-pid");
    command.add(Long.toString(ProcessHandle.current().pid()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // The secret travels in the child's environment only: never on its command line or in a log.
    builder.environment().put("WEBHOOK_SECRET", launch.secret().reveal());
    builder.environment().putAll(launch.env());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the engine process", e);
    }
    try {
      Ready ready = awaitReady(process, readyFile, log, options.startTimeout());
      return new EngineProcess(process, ready, home, launch);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static void release(Path home) {
    HomeLeases.release(home);
  }

  private static Ready awaitReady(Process process, Path readyFile, Path log, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(readyFile)) {
        try {
          JsonNode r = new ObjectMapper().readTree(readyFile.toFile());
          List<String> slugs = new ArrayList<>();
          r.path("workflows").forEach(w -> slugs.add(w.path("slug").asText()));
          java.util.Map<String, String> tokens = new java.util.TreeMap<>();
          r.path("apiTokens")
              .properties()
              .forEach(e -> tokens.put(e.getKey(), e.getValue().asText()));
          return new Ready(
              r.path("pid").asLong(),
              r.path("baseUrl").asText(),
              r.path("jdbcUrl").asText(),
              r.path("checkerJdbcUrl").asText(),
              Path.of(r.path("dataDir").asText()),
              List.copyOf(slugs),
              tokens);
        } catch (IOException e) {
          throw new UncheckedIOException("unreadable " + readyFile, e);
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the engine process exited with code "
                + process.exitValue()
                + " before it was ready; its log ends with:\n"
                + tail(log));
      }
      sleep(100);
    }
    throw new IllegalStateException(
        "the engine was not ready within "
            + timeout.toSeconds()
            + " s (engine.startTimeout); its log ends with:\n"
            + tail(log));
  }

  public Ready ready() {
    return ready;
  }

  public long pid() {
    return process.pid();
  }

  public Path home() {
    return home;
  }

  public Path log() {
    return home.resolve("engine.log");
  }

  /** The engine JVM's own handle. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * The engine's PostgreSQL postmaster, checked to be the server of its data directory when the
   * engine was ready.
   */
  public Optional<ProcessHandle> postgres() {
    return postgres;
  }

  /**
   * kill -9 of the engine JVM alone, as a crash would: no shutdown hook runs, and its PostgreSQL
   * stays up (orphaned) until {@link #restart()} or {@link #stop()} deals with it.
   */
  public void killHard() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A new engine process on the same database, port and secret; this handle is done with. */
  public EngineProcess restart() {
    close();
    return start(launch);
  }

  /** SIGTERM, which stops the engine's HTTP, workers and PostgreSQL in order; force after 30 s. */
  public synchronized void stop() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    if (launch.replica()) {
      return;
    }
    killPostgres(ready.dataDir());
    postgres.ifPresent(pg -> ProcessSignals.awaitExit(pg, 15));
    if (!released) {
      released = true;
      release(home);
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or has run
    }
  }

  /**
   * A postmaster left behind by an engine that was killed hard is stopped here, through a handle
   * checked to be the server of {@code dataDir}.
   */
  public static void killPostgres(Path dataDir) {
    Postmaster.stop(dataDir);
  }

  /** An earlier run's engine folder, held against pruning until closed. */
  public record HeldHome(Path home) implements AutoCloseable {
    @Override
    public void close() {
      HomeLeases.release(home);
    }
  }

  /**
   * Holds an earlier run's engine folder while something reads it (re-verification starts
   * PostgreSQL on its data directory): no engine started meanwhile, by this JVM or another, prunes
   * it. Fails with {@link IllegalStateException} while another process holds it.
   */
  public static HeldHome holdHome(Path home) throws IOException {
    HomeLeases.hold(home);
    return new HeldHome(home);
  }

  /**
   * Deletes the run folders under {@code engines} beyond the newest {@code keep}, leaving {@code
   * current}, the template, the foreground engine's and every folder in use.
   */
  static void prune(Path engines, Path current, int keep) throws IOException {
    if (!Files.isDirectory(engines)) {
      return;
    }
    List<Path> runs;
    try (Stream<Path> s = Files.list(engines)) {
      runs =
          s.filter(
                  p ->
                      Files.isDirectory(p)
                          && !p.equals(current)
                          && !HomeLeases.inUse(p)
                          && !PostgresTemplate.isTemplate(p)
                          && !p.getFileName().toString().equals("foreground"))
              .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
              .toList();
    }
    for (Path old : runs.subList(Math.min(keep, runs.size()), runs.size())) {
      killPostgres(old.resolve("pgdata"));
      PostgresTemplate.deleteTree(old);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engine", e);
    }
  }
}
