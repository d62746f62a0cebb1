package dev.meshhook.load.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * The engine's {@code /metrics}: webhook answers by status, connections accepted, intake latency
 * histogram, queue depth, runs by status, step latency, database pool and JVM. The suite samples it
 * for resource reports. Run counts are counted as they happen, not queried, so a scrape costs the
 * database nothing beyond one count of the (small) queue table, at most once a second.
 */
public final class EngineMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentMap<Integer, Counter> answers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> runs = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> steps = new ConcurrentHashMap<>();
  private final Timer intake;
  private final Counter connectionsOpened;
  private final AtomicLong queueDepth = new AtomicLong();
  private volatile long queueSampledAt;
  private volatile DataSource db;

  public EngineMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    intake =
        Timer.builder("meshhook.intake")
            .description("Time from a webhook's arrival to its answer")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    connectionsOpened =
        Counter.builder("meshhook.http.connections.opened")
            .description("TCP connections the engine's HTTP server accepted")
            .register(registry);
    Gauge.builder("meshhook.queue.depth", this, EngineMetrics::sampleQueue)
        .description("Runs waiting in the engine's queue (including delayed ones)")
        .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Workers busy (not parked waiting for work: running steps, or waiting for a connection) and how
   * many there are: with the queue, what tells a worker shortage from a pool or database one.
   */
  public void watchWorkers(IntSupplier busy, int size) {
    Gauge.builder("meshhook.workers.busy", busy, IntSupplier::getAsInt)
        .description("Workers not parked waiting for work")
        .strongReference(true)
        .register(registry);
    Gauge.builder("meshhook.workers.size", () -> size)
        .description("Workers this engine runs")
        .register(registry);
  }

  /** The queue gauge reads through this pool. */
  public void watchQueue(DataSource db) {
    this.db = db;
  }

  public void answered(int status, long nanos, boolean webhook) {
    answers
        .computeIfAbsent(
            status,
            s ->
                Counter.builder("meshhook.http.answers")
                    .description("HTTP answers by status")
                    .tag("status", Integer.toString(s))
                    .register(registry))
        .increment();
    if (webhook) {
      intake.record(Duration.ofNanos(nanos));
      if (status == 202) {
        run("running");
      }
    }
  }

  /** The HTTP server accepted a connection. */
  public void connectionOpened() {
    connectionsOpened.increment();
  }

  public void run(String status) {
    runs.computeIfAbsent(
            status,
            s ->
                Counter.builder("meshhook.runs")
                    .description(
                        "Runs this engine process created (running) or finished, by status")
                    .tag("status", s)
                    .register(registry))
        .increment();
  }

  public void step(String type, long nanos) {
    steps
        .computeIfAbsent(
            type,
            t ->
                Timer.builder("meshhook.step")
                    .description("Step execution time by node type")
                    .tag("type", t)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(Duration.ofNanos(nanos));
  }

  public String scrape() {
    return registry.scrape();
  }

  private double sampleQueue() {
    long now = System.nanoTime();
    DataSource source = db;
    if (source != null && now - queueSampledAt > 1_000_000_000L) {
      queueSampledAt = now;
      try (Connection c = source.getConnection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM engine_run_queue")) {
        rs.next();
        queueDepth.set(rs.getLong(1));
      } catch (SQLException e) {
        // keep the last value; /health reports the database
      }
    }
    return queueDepth.get();
  }
}
