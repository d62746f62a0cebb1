package dev.meshhook.load.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The reference engine's PostgreSQL: an embedded server on a data directory the caller chooses, so
 * the database outlives the engine (for re-verification) and a restart can reuse it; or, for a
 * replica, the one another engine started, which it only connects to.
 */
public final class EngineDatabase implements AutoCloseable {
  // null for a replica: the server is another engine's to start and stop
  private final EmbeddedPostgres postgres;
  private final String jdbcUrl;
  private final HikariDataSource pool;

  private EngineDatabase(EmbeddedPostgres postgres, String jdbcUrl, HikariDataSource pool) {
    this.postgres = postgres;
    this.jdbcUrl = jdbcUrl;
    this.pool = pool;
  }

  /**
   * How the contract tables are laid out beyond the shared schema: {@code workflow_events}
   * partitioned by range of {@code ts} (as MeshHook's migration has it), and row-level security on
   * the four contract tables.
   */
  public record Shape(boolean partitionedEvents, boolean rowLevelSecurity) {}

  /**
   * Starts PostgreSQL on {@code dataDir} (initialising it when new) and applies the schema, in the
   * given shape.
   */
  public static EngineDatabase start(
      Path dataDir,
      int poolSize,
      java.time.Duration connectionTimeout,
      MeterRegistry metrics,
      Shape shape) {
    EmbeddedPostgres postgres = startPostgres(dataDir);
    try {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        applySchema(c);
        if (shape.partitionedEvents()) {
          apply(c, "db/partitioned-events.sql");
        }
        if (shape.rowLevelSecurity()) {
          apply(c, "db/row-level-security.sql");
        }
      }
      String url = postgres.getJdbcUrl("postgres", "postgres");
      return new EngineDatabase(postgres, url, pool(url, poolSize, connectionTimeout, metrics));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(postgres);
      throw new IllegalStateException("engine database setup failed: " + e.getMessage(), e);
    }
  }

  /**
   * The database another engine started and laid out, at {@code jdbcUrl} (its {@code postgres}
   * role): a replica's. Closing it closes the pool only.
   */
  public static EngineDatabase attach(
      String jdbcUrl, int poolSize, java.time.Duration connectionTimeout, MeterRegistry metrics) {
    return new EngineDatabase(null, jdbcUrl, pool(jdbcUrl, poolSize, connectionTimeout, metrics));
  }

  private static HikariDataSource pool(
      String jdbcUrl, int poolSize, java.time.Duration connectionTimeout, MeterRegistry metrics) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setMaximumPoolSize(poolSize);
    hikari.setPoolName("engine");
    // A webhook waits at most this long for a connection, then gets 503; it must not hang the
    // sender.
    hikari.setConnectionTimeout(connectionTimeout.toMillis());
    // No statement may hold a connection (and a webhook) for long, e.g. behind a lock.
    hikari.addDataSourceProperty("options", "-c statement_timeout=10000");
    // A batch of events becomes one multi-row INSERT: one round trip per transaction, not per
    // event.
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    hikari.setMetricRegistry(metrics);
    return new HikariDataSource(hikari);
  }

  /** Starts PostgreSQL alone on an existing data directory, e.g. to re-run a verification. */
  public static EmbeddedPostgres startPostgres(Path dataDir) {
    try {
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "200")
          .setServerConfig("listen_addresses", "127.0.0.1")
          // zonky turns this off for speed; the engine promises 202 only for a durably recorded
          // run.
          .setServerConfig("synchronous_commit", "on")
          // Which statements take the database's time, for the suite's database sampler; zonky's
          // binaries ship the library. A restart (PostgresControl) keeps it: postmaster.opts has
          // it.
          .setServerConfig("shared_preload_libraries", "pg_stat_statements")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start on " + dataDir, e);
    }
  }

  /** Schema, demo tenants and the checker's read-only role, in this order; each is idempotent. */
  public static final java.util.List<String> SCRIPTS =
      java.util.List.of("db/schema.sql", "db/seed.sql", "db/roles.sql");

  /** Applies {@link #SCRIPTS}. */
  public static void applySchema(Connection c) throws SQLException {
    for (String script : SCRIPTS) {
      apply(c, script);
    }
  }

  private static void apply(Connection c, String script) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(resource(script));
    }
  }

  public DataSource pool() {
    return pool;
  }

  /** JDBC URL for the given role; the embedded server trusts loopback connections. */
  public String jdbcUrl(String user) {
    return jdbcUrl.replaceFirst("([?&])user=[^&]*", "$1user=" + user);
  }

  /** Whether this engine started the server (and stops it on close). */
  public boolean ownsServer() {
    return postgres != null;
  }

  @Override
  public void close() {
    pool.close();
    if (postgres != null) {
      closeQuietly(postgres);
    }
  }

  private static void closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      System.err.println("engine: PostgreSQL did not stop cleanly: " + e.getMessage());
    }
  }

  public static String resource(String name) {
    try (InputStream in = EngineDatabase.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
