package dev.meshhook.load.testing;

import dev.meshhook.load.harness.EngineProcess;
import dev.meshhook.load.harness.PostgresControl;
import dev.meshhook.load.harness.ProcessSignals;
import dev.meshhook.load.harness.WatchedChild;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: Debian's PgBouncer ({@code /usr/sbin/pgbouncer}, installed by {@code
 * scripts/install-pgbouncer.sh}) as a child process on loopback, in front of one PostgreSQL, in
 * transaction pooling mode with a small pool, so that client connections really share server
 * connections, as behind Supabase's transaction pooler.
 *
 * <p>PgBouncer refuses to run as root ({@code FATAL PgBouncer should not run as root}). As root it
 * runs in a user namespace ({@code unshare -U}), as zonky starts the embedded PostgreSQL itself
 * (and {@link PostgresControl} its {@code pg_ctl}): inside, it is not root, while its files stay
 * readable. It runs as a {@link WatchedChild}: even a kill -9 of this JVM leaves no pgbouncer.
 */
public final class Pgbouncer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

  /** Server connections per database and user: fewer than the checker's client connections. */
  public static final int POOL_SIZE = 4;

  private final WatchedChild process;
  private final int port;
  private final Path log;
  private final Thread shutdownHook;

  private Pgbouncer(WatchedChild process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.shutdownHook = new Thread(this::stop, "pgbouncer-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * PgBouncer on 127.0.0.1 and a free port, in front of the PostgreSQL on 127.0.0.1:{@code
   * postgresPort}, which trusts loopback connections; its ini, user list and log in {@code folder}.
   * Returns once it accepts connections.
   */
  public static Pgbouncer start(int postgresPort, Path folder) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY
              + " is missing: run scripts/install-pgbouncer.sh (mvn verify runs it), or apt-get install pgbouncer");
    }
    int port = EngineProcess.freePort();
    Path ini = folder.resolve("pgbouncer.ini");
    Path users = folder.resolve("userlist.txt");
    Path log = folder.resolve("pgbouncer.log");
    try {
      Files.createDirectories(folder);
      // Trust, as the embedded PostgreSQL does on loopback: the user list only names who may log
      // in.
      Files.writeString(users, "\"meshhook_checker\" \"\"\n\"postgres\" \"\"\n");
      Files.writeString(
          ini,
          String.join(
              "\n",
              "[databases]",
              "* = host=127.0.0.1 port=" + postgresPort,
              "",
              "[pgbouncer]",
              "listen_addr = 127.0.0.1",
              "listen_port = " + port,
              "unix_socket_dir =",
              "auth_type = trust",
              "auth_file = " + users,
              "pool_mode = transaction",
              "default_pool_size = " + POOL_SIZE,
              "max_client_conn = 100",
              // No ignore_startup_parameters: pgjdbc 42.7 sends none that PgBouncer does not track
              // (older pgjdbc sent extra_float_digits, which needed it).
              "logfile =",
              "pidfile =",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pgbouncer's files in " + folder, e);
    }
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(List.of(BINARY.toString(), ini.toString()));
    WatchedChild process =
        WatchedChild.start(command, log, new ProcessSignals.Expected("pgbouncer", ini.toString()));
    Pgbouncer pgbouncer = new Pgbouncer(process, port, log);
    try {
      pgbouncer.awaitListening(Duration.ofSeconds(15));
      return pgbouncer;
    } catch (RuntimeException e) {
      pgbouncer.close();
      throw e;
    }
  }

  private void awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "pgbouncer exited with code " + process.exitValue() + "; its log:\n" + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException e) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for pgbouncer", e);
      }
    }
    throw new IllegalStateException(
        "pgbouncer did not listen within " + timeout.toSeconds() + " s; its log:\n" + log());
  }

  /** A JDBC URL for {@code user} through the pooler, to the {@code postgres} database. */
  public String jdbcUrl(String user) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user;
  }

  /** PgBouncer's log so far (it logs each client login and each new server connection). */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private void stop() {
    process.stop();
  }

  /** The pgbouncer process and its shell, while they run. */
  public List<ProcessHandle> processes() {
    return process.processes();
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
}
