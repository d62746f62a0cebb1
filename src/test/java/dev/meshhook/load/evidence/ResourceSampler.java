package dev.meshhook.load.evidence;

import dev.meshhook.load.checker.HistoryReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the engine's resources during a run into {@code resources} in the run folder: heap and
 * old generation, CPU, database pool (in use, waiting, its size), queue, workers busy, GC pause
 * time and HTTP connections accepted from the engine's {@code /metrics} (Prometheus text), and
 * connections and database size from PostgreSQL itself through the checker's read-only role. A
 * figure the target does not publish is left empty (NaN), never made up.
 */
public final class ResourceSampler implements AutoCloseable {
  public static final String FILE_NAME = "resources";
  static final String HEADER =
      "epochMs\theapMb\toldGenMb\tliveDataMb\tcpuPercent\tpoolActive\tpoolPending\tqueueDepth\tdbConnections\tdbSizeMb\tinjectorCpuPercent\tpoolMax\tworkersBusy\tworkers\tgcPauseSeconds\tconnectionsOpened";

  /**
   * One sample; NaN where the figure was not available. {@code liveDataMb} is the old generation
   * right after its last collection (0 until the first one): the heap a leak would grow. {@code
   * gcPauseSeconds} is cumulative since the engine started: the time in pauses between two samples
   * is their difference; so is {@code connectionsOpened}, the TCP connections the engine's HTTP
   * server accepted.
   */
  public record Sample(
      long epochMs,
      double heapMb,
      double oldGenMb,
      double liveDataMb,
      double cpuPercent,
      double poolActive,
      double poolPending,
      double queueDepth,
      double dbConnections,
      double dbSizeMb,
      double injectorCpuPercent,
      double poolMax,
      double workersBusy,
      double workers,
      double gcPauseSeconds,
      double connectionsOpened) {
    /**
     * A sample without the engine's pool size, workers, GC and connections opened (files written
     * before them).
     */
    public Sample(
        long epochMs,
        double heapMb,
        double oldGenMb,
        double liveDataMb,
        double cpuPercent,
        double poolActive,
        double poolPending,
        double queueDepth,
        double dbConnections,
        double dbSizeMb,
        double injectorCpuPercent) {
      this(
          epochMs,
          heapMb,
          oldGenMb,
          liveDataMb,
          cpuPercent,
          poolActive,
          poolPending,
          queueDepth,
          dbConnections,
          dbSizeMb,
          injectorCpuPercent,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN);
    }

    /** A sample without the injector's CPU (files written before it was sampled). */
    public Sample(
        long epochMs,
        double heapMb,
        double oldGenMb,
        double liveDataMb,
        double cpuPercent,
        double poolActive,
        double poolPending,
        double queueDepth,
        double dbConnections,
        double dbSizeMb) {
      this(
          epochMs,
          heapMb,
          oldGenMb,
          liveDataMb,
          cpuPercent,
          poolActive,
          poolPending,
          queueDepth,
          dbConnections,
          dbSizeMb,
          Double.NaN);
    }
  }

  private static final String DATABASE =
      "SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()),"
          + " pg_database_size(current_database())";

  private final List<URI> metrics;
  private final TargetConnection connection;
  private SampleFile samples;
  private long lastCpuNanos = -1;
  private long lastSampleMs;

  // Each replica's own figures, when there are several; null for one.
  private final ReplicaFile replicas;

  private ResourceSampler(
      List<URI> metrics,
      java.util.function.Supplier<HistoryReader> database,
      ReplicaFile replicas) {
    this.metrics = metrics;
    this.connection = new TargetConnection(database);
    this.replicas = replicas;
  }

  /**
   * Starts sampling every {@code every} into {@code folder/resources}, the engine's figures summed
   * over its replicas at {@code baseUrls} (see {@link EngineFigures#plus}). The database is asked
   * for each time, since a restarted engine's PostgreSQL listens elsewhere.
   */
  public static ResourceSampler start(
      Path folder,
      List<String> baseUrls,
      java.util.function.Supplier<HistoryReader> database,
      Duration every) {
    ResourceSampler sampler =
        new ResourceSampler(
            baseUrls.stream().map(url -> URI.create(url + "/metrics")).toList(),
            database,
            baseUrls.size() > 1 ? ReplicaFile.create(folder.resolve(REPLICAS_FILE)) : null);
    sampler.samples =
        SampleFile.start(
            folder.resolve(FILE_NAME),
            HEADER,
            "resource-sampler",
            every,
            () -> line(sampler.sample()));
    return sampler;
  }

  Sample sample() {
    long now = System.currentTimeMillis();
    EngineFigures engine = null;
    for (int i = 0; i < metrics.size(); i++) {
      EngineFigures one = read(metrics.get(i));
      engine = engine == null ? one : engine.plus(one);
      if (replicas != null) {
        replicas.line(now, i, one);
      }
    }
    double connections = Double.NaN, sizeMb = Double.NaN;
    try (ResultSet rs = connection.prepared(DATABASE).executeQuery()) {
      rs.next();
      connections = rs.getLong(1);
      sizeMb = rs.getLong(2) / (double) (1 << 20);
    } catch (SQLException e) {
      connection.close();
    }
    return new Sample(
        now,
        engine.heapMb(),
        engine.oldGenMb(),
        engine.liveDataMb(),
        engine.cpuPercent(),
        engine.poolActive(),
        engine.poolPending(),
        engine.queueDepth(),
        connections,
        sizeMb,
        injectorCpu(now),
        engine.poolMax(),
        engine.workersBusy(),
        engine.workers(),
        engine.gcPauseSeconds(),
        engine.connectionsOpened());
  }

  /** One replica's /metrics; all NaN where it publishes none, or does not answer (killed). */
  private static EngineFigures read(URI metrics) {
    try {
      // On this thread (no HttpClient selector thread), so the suite can count what sampling
      // costs it: SuiteCpu sums the sampler threads.
      HttpURLConnection c = (HttpURLConnection) metrics.toURL().openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(2000);
      if (c.getResponseCode() == 200) {
        try (InputStream in = c.getInputStream()) {
          return EngineFigures.of(
              new PrometheusText(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      // no /metrics at this target: the JVM and pool columns stay empty
    }
    return EngineFigures.NONE;
  }

  /** The engine's own figures, of one replica or summed over several; NaN where not published. */
  record EngineFigures(
      double heapMb,
      double oldGenMb,
      double liveDataMb,
      double cpuPercent,
      double poolActive,
      double poolPending,
      double queueDepth,
      double poolMax,
      double workersBusy,
      double workers,
      double gcPauseSeconds,
      double answers,
      double runsFinished,
      double connectionsOpened) {
    static final EngineFigures NONE =
        new EngineFigures(
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN);

    static EngineFigures of(PrometheusText text) {
      // G1 and Parallel call it "Old Gen", Serial "Tenured Gen": whichever this JVM has.
      double old = text.sum("jvm_memory_used_bytes", "Old Gen");
      return new EngineFigures(
          text.sum("jvm_memory_used_bytes", "area=\"heap\"") / (1 << 20),
          (Double.isNaN(old) ? text.sum("jvm_memory_used_bytes", "Tenured Gen") : old) / (1 << 20),
          text.sum("jvm_gc_live_data_size_bytes", "") / (1 << 20),
          text.sum("process_cpu_usage", "") * 100,
          text.sum("hikaricp_connections_active", ""),
          text.sum("hikaricp_connections_pending", ""),
          text.sum("meshhook_queue_depth", ""),
          text.sum("hikaricp_connections_max", ""),
          text.sum("meshhook_workers_busy", ""),
          text.sum("meshhook_workers_size", ""),
          text.sum("jvm_gc_pause_seconds_sum", ""),
          text.sum("meshhook_http_answers_total", ""),
          text.sum("meshhook_runs_total", ""),
          text.sum("meshhook_http_connections_opened_total", ""));
    }

    /**
     * Two replicas as one engine: heaps, CPU (each a share of the whole machine), pools, workers GC
     * and connections opened add up; the queue is one table that every replica counts, so it is the
     * larger. A replica that did not answer adds nothing: NaN only where none answered.
     */
    EngineFigures plus(EngineFigures o) {
      return new EngineFigures(
          sum(heapMb, o.heapMb),
          sum(oldGenMb, o.oldGenMb),
          sum(liveDataMb, o.liveDataMb),
          sum(cpuPercent, o.cpuPercent),
          sum(poolActive, o.poolActive),
          sum(poolPending, o.poolPending),
          Double.isNaN(queueDepth) ? o.queueDepth : Math.max(queueDepth, nanAsLow(o.queueDepth)),
          sum(poolMax, o.poolMax),
          sum(workersBusy, o.workersBusy),
          sum(workers, o.workers),
          sum(gcPauseSeconds, o.gcPauseSeconds),
          sum(answers, o.answers),
          sum(runsFinished, o.runsFinished),
          sum(connectionsOpened, o.connectionsOpened));
    }

    private static double sum(double a, double b) {
      return Double.isNaN(a) ? b : Double.isNaN(b) ? a : a + b;
    }

    private static double nanAsLow(double v) {
      return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }
  }

  /**
   * This JVM's CPU (it is the injector: Gatling and the suite) since the last sample, as a share of
   * the cores it may use ({@link Runtime#availableProcessors}: its CPU affinity and container
   * quota): above 80 % the load generator, not the target, sets the pace. Not the operating
   * system's process load, which divides by every core of the machine: an injector pinned to one of
   * two cores and out of CPU read 27 %. NaN on the first sample and where the JVM cannot say.
   */
  private double injectorCpu(long now) {
    long cpu = PROCESS == null ? -1 : PROCESS.getProcessCpuTime();
    double share = Double.NaN;
    if (cpu >= 0 && lastCpuNanos >= 0 && now > lastSampleMs) {
      double wallNanos = (now - lastSampleMs) * 1e6;
      share =
          100.0 * (cpu - lastCpuNanos) / (wallNanos * Runtime.getRuntime().availableProcessors());
    }
    lastCpuNanos = cpu;
    lastSampleMs = now;
    return share;
  }

  // The process's CPU time in one call (ProcessHandle.info reads four /proc files for it); null
  // on a JVM without the com.sun.management extension.
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      ManagementFactory.getOperatingSystemMXBean()
              instanceof com.sun.management.OperatingSystemMXBean os
          ? os
          : null;

  private static String line(Sample s) {
    StringBuilder b = new StringBuilder(128).append(s.epochMs());
    double[] values = {
      s.heapMb(),
      s.oldGenMb(),
      s.liveDataMb(),
      s.cpuPercent(),
      s.poolActive(),
      s.poolPending(),
      s.queueDepth(),
      s.dbConnections(),
      s.dbSizeMb(),
      s.injectorCpuPercent(),
      s.poolMax(),
      s.workersBusy(),
      s.workers(),
      s.gcPauseSeconds(),
      s.connectionsOpened()
    };
    for (int i = 0; i < values.length; i++) {
      SampleFile.fixed(b.append('\t'), values[i], DECIMALS[i]);
    }
    return b.toString();
  }

  // The places each column after epochMs is written with, in HEADER's order.
  private static final int[] DECIMALS = {1, 1, 1, 1, 0, 0, 0, 0, 2, 1, 0, 0, 0, 4, 0};

  @Override
  public void close() {
    samples.close();
    connection.close();
    if (replicas != null) {
      replicas.close();
    }
  }

  public static final String REPLICAS_FILE = "resources-replicas";

  /**
   * {@code resources-replicas}: each replica's webhooks answered and runs finished so far, workers
   * busy, pool in use and CPU, one line per replica per sample (written on the sampler's thread).
   */
  private static final class ReplicaFile {
    static final String HEADER =
        "epochMs\treplica\tanswered\trunsFinished\tworkersBusy\tpoolActive\tcpuPercent";
    private final java.io.BufferedWriter out;

    private ReplicaFile(java.io.BufferedWriter out) {
      this.out = out;
    }

    static ReplicaFile create(Path file) {
      try {
        java.io.BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(HEADER);
        out.write('\n');
        return new ReplicaFile(out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + file, e);
      }
    }

    synchronized void line(long epochMs, int replica, EngineFigures f) {
      StringBuilder b = new StringBuilder(64).append(epochMs).append('\t').append(replica);
      SampleFile.fixed(b.append('\t'), f.answers(), 0);
      SampleFile.fixed(b.append('\t'), f.runsFinished(), 0);
      SampleFile.fixed(b.append('\t'), f.workersBusy(), 0);
      SampleFile.fixed(b.append('\t'), f.poolActive(), 0);
      SampleFile.fixed(b.append('\t'), f.cpuPercent(), 1);
      try {
        out.write(b.append('\n').toString());
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    synchronized void close() {
      try {
        out.close();
      } catch (IOException e) {
        // the lines written so far stay
      }
    }
  }

  /** One replica's figures in one sample, as {@code resources-replicas} holds them. */
  public record ReplicaSample(
      long epochMs,
      int replica,
      double answered,
      double runsFinished,
      double workersBusy,
      double poolActive,
      double cpuPercent) {}

  /** Reads a run folder's {@code resources-replicas} back; empty for a run of one replica. */
  public static List<ReplicaSample> readReplicas(Path folder) {
    return SampleFile.readLines(
        folder.resolve(REPLICAS_FILE),
        f ->
            f.length != 7
                ? null
                : new ReplicaSample(
                    Long.parseLong(f[0]),
                    Integer.parseInt(f[1]),
                    d(f[2]),
                    d(f[3]),
                    d(f[4]),
                    d(f[5]),
                    d(f[6])));
  }

  /** Reads a run folder's samples back; empty when none were taken. */
  public static List<Sample> read(Path folder) {
    // 10 columns before the injector's CPU was sampled, 11 before the pool's size, workers and GC,
    // 15 before the connections opened, 16 since.
    return SampleFile.readLines(
        folder.resolve(FILE_NAME),
        f ->
            f.length != 10 && f.length != 11 && f.length != 15 && f.length != 16
                ? null
                : new Sample(
                    Long.parseLong(f[0]),
                    d(f[1]),
                    d(f[2]),
                    d(f[3]),
                    d(f[4]),
                    d(f[5]),
                    d(f[6]),
                    d(f[7]),
                    d(f[8]),
                    d(f[9]),
                    f.length > 10 ? d(f[10]) : Double.NaN,
                    f.length > 11 ? d(f[11]) : Double.NaN,
                    f.length > 11 ? d(f[12]) : Double.NaN,
                    f.length > 11 ? d(f[13]) : Double.NaN,
                    f.length > 11 ? d(f[14]) : Double.NaN,
                    f.length > 15 ? d(f[15]) : Double.NaN));
  }

  private static double d(String s) {
    return s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
  }

  /**
   * Just enough of the Prometheus text format: sums of a metric's samples whose labels contain a
   * fragment.
   */
  static final class PrometheusText {
    private record Line(String labels, double value) {}

    // Read once, by metric name: the sampler asks for a dozen metrics out of a thousand lines.
    private final java.util.Map<String, List<Line>> byName = new java.util.HashMap<>();

    PrometheusText(String body) {
      for (String line : body.split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int brace = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
          continue;
        }
        boolean labelled = brace >= 0 && brace < space;
        String name = labelled ? line.substring(0, brace) : line.substring(0, space);
        String labels = labelled ? line.substring(brace, line.indexOf('}') + 1) : "";
        try {
          double v = Double.parseDouble(line.substring(space + 1).trim());
          byName.computeIfAbsent(name, n -> new ArrayList<>()).add(new Line(labels, v));
        } catch (NumberFormatException e) {
          // not a sample line
        }
      }
    }

    double sum(String name, String labelFragment) {
      double total = Double.NaN;
      for (Line l : byName.getOrDefault(name, List.of())) {
        if (l.labels().contains(labelFragment)) {
          total = Double.isNaN(total) ? l.value() : total + l.value();
        }
      }
      return total;
    }
  }
}
