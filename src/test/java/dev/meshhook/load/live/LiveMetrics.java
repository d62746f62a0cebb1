package dev.meshhook.load.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The suite's own metrics during a run, in Prometheus' text format: requests sent and answered by
 * operation and status, webhook latency as a histogram, webhooks in flight, the run's phase, the
 * drain's progress and, once verified, the verdict's counts. Every series carries the run tag and
 * the injector. Switched off ({@link #off()}), every method returns at once and nothing is kept.
 */
public final class LiveMetrics {
  /** The phases of a run, in order; the current one's gauge is 1, the others 0. */
  public enum Phase {
    LOAD,
    DRAIN,
    VERIFY,
    DONE
  }

  private static final LiveMetrics OFF = new LiveMetrics(null);

  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> sent = new ConcurrentHashMap<>();
  private final Map<String, Counter> answered = new ConcurrentHashMap<>();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong phase = new AtomicLong(Phase.LOAD.ordinal());
  private final AtomicLong drainTerminal = new AtomicLong();
  private final AtomicLong drainAccepted = new AtomicLong();
  private final Map<String, AtomicLong> verdict = new ConcurrentHashMap<>();
  private final Timer webhookLatency;
  // Listens to the JVM's GC notifications until closed.
  private final JvmGcMetrics gcMetrics;
  // When the first webhook went out (System.nanoTime, 0 before): the stair gauge counts from it.
  private final AtomicLong firstSentNanos = new AtomicLong();
  private volatile Function<Duration, OptionalInt> stairAt = elapsed -> OptionalInt.empty();

  private LiveMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      webhookLatency = null;
      gcMetrics = null;
      return;
    }
    webhookLatency =
        Timer.builder("meshhook_load_webhook_latency")
            .description("webhook answer latency, send to answer (or to failure)")
            .serviceLevelObjectives(
                Duration.ofMillis(5),
                Duration.ofMillis(10),
                Duration.ofMillis(25),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofMillis(2500),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30))
            .register(registry);
    Gauge.builder("meshhook_load_in_flight", inFlight, AtomicLong::get)
        .description("webhooks sent and not yet answered")
        .register(registry);
    for (Phase p : Phase.values()) {
      Gauge.builder("meshhook_load_phase", phase, v -> v.get() == p.ordinal() ? 1 : 0)
          .description("the run's phase: 1 for the current one")
          .tag("phase", p.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("meshhook_load_drain_terminal_runs", drainTerminal, AtomicLong::get)
        .description("runs of this run tag in a terminal state, while draining")
        .register(registry);
    Gauge.builder("meshhook_load_drain_accepted_webhooks", drainAccepted, AtomicLong::get)
        .description("accepted webhooks the drain waits for")
        .register(registry);
    // Present for every profile, 0 where there are no stairs: one dashboard panel fits all.
    Gauge.builder("meshhook_load_stair_level", this, LiveMetrics::stairNow)
        .description("the stress profile's stair now: 1 = the lowest, 0 = before, after or none")
        .register(registry);
    // The injector's own resources, read at scrape time only: is the injector the bottleneck?
    new ProcessorMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(registry);
  }

  /** Metrics kept and served, every series labelled with the run tag and the injector. */
  public static LiveMetrics on(String runTag, String injector, String profile) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .commonTags(Tags.of("run_tag", runTag, "injector", injector, "profile", profile));
    return new LiveMetrics(registry);
  }

  /** Nothing kept: for runs with {@code live.enabled = false}. */
  public static LiveMetrics off() {
    return OFF;
  }

  /** Stops listening to the JVM (the GC notifications); the figures stay readable. */
  public void close() {
    if (gcMetrics != null) {
      gcMetrics.close();
    }
  }

  public boolean enabled() {
    return registry != null;
  }

  /** The Prometheus text of every series now. */
  public String scrape() {
    return registry == null ? "" : registry.scrape();
  }

  public void webhookSent() {
    if (registry != null) {
      if (firstSentNanos.get() == 0) {
        firstSentNanos.compareAndSet(0, System.nanoTime());
      }
      inFlight.incrementAndGet();
      counter(sent, "meshhook_load_requests_sent", "webhook", null).increment();
    }
  }

  /** A webhook's answer (status 0: none came) after {@code millis}. */
  public void webhookAnswered(int status, long millis) {
    if (registry != null) {
      inFlight.decrementAndGet();
      counter(answered, "meshhook_load_requests_answered", "webhook", status).increment();
      webhookLatency.record(Duration.ofMillis(Math.max(0, millis)));
    }
  }

  /** A request that is no webhook (health, read run, a probe, ...), sent and answered. */
  public void operation(String name, int status) {
    if (registry != null) {
      counter(sent, "meshhook_load_requests_sent", name, null).increment();
      counter(answered, "meshhook_load_requests_answered", name, status).increment();
    }
  }

  /**
   * Where the stair gauge ({@code meshhook_load_stair_level}) reads the profile's stair, worked out
   * at each scrape from the time since the first webhook (0 before it, and for a profile without
   * stairs).
   */
  public void stairs(Function<Duration, OptionalInt> stairAt) {
    this.stairAt = stairAt;
  }

  private double stairNow() {
    long first = firstSentNanos.get();
    return first == 0 ? 0 : stairAt.apply(Duration.ofNanos(System.nanoTime() - first)).orElse(0);
  }

  public void phase(Phase now) {
    phase.set(now.ordinal());
  }

  public void drain(long terminal, long accepted) {
    drainTerminal.set(terminal);
    drainAccepted.set(accepted);
  }

  /** The verdict's count of one class (completed, missing, ...), once verification ran. */
  public void verdict(String name, long count) {
    if (registry != null) {
      verdict
          .computeIfAbsent(
              name,
              n -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("meshhook_load_verdict", value, AtomicLong::get)
                    .description("the verification's count per class, once it ran")
                    .tag("class", n)
                    .register(registry);
                return value;
              })
          .set(count);
    }
  }

  private Counter counter(
      Map<String, Counter> cache, String name, String operation, Integer status) {
    String key = operation + "|" + status;
    Counter c = cache.get(key);
    if (c == null) {
      c =
          cache.computeIfAbsent(
              key,
              k -> {
                Counter.Builder b = Counter.builder(name).tag("operation", operation);
                if (status != null) {
                  b = b.tag("status", status == 0 ? "none" : status.toString());
                }
                return b.register(registry);
              });
    }
    return c;
  }
}
