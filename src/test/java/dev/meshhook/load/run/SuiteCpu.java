package dev.meshhook.load.run;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU time this JVM (Gatling, the chains, the hooks) spent on a load, per request: the figure
 * that tells what the suite's own bookkeeping costs, e.g. with live metrics on and off. Two
 * figures: the whole process, and its Java threads alone, which leaves out the JIT compiler and the
 * garbage collector: those vary from run to run by more than any bookkeeping costs, and a
 * comparison of settings reads better without them.
 */
final class SuiteCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The CPU counters at one moment, to measure from. */
  static final class Mark {
    private final Duration process;
    private final Map<Long, Long> threadNanos;

    private Mark(Duration process, Map<Long, Long> threadNanos) {
      this.process = process;
      this.threadNanos = threadNanos;
    }

    /** CPU spent since this mark, by the process and by its Java threads. */
    Spent since() {
      Mark now = mark();
      long threads = 0;
      for (Map.Entry<Long, Long> t : now.threadNanos.entrySet()) {
        // A thread started since counts from 0; one that ended since is lost (Gatling's threads
        // live as long as the run).
        threads += t.getValue() - threadNanos.getOrDefault(t.getKey(), 0L);
      }
      return new Spent(now.process.minus(process), Duration.ofNanos(Math.max(0, threads)));
    }
  }

  /** CPU spent by the whole process, and by its Java threads alone. */
  record Spent(Duration process, Duration threads) {}

  private SuiteCpu() {}

  /** The counters now (zeros where the platform does not tell). */
  static Mark mark() {
    Map<Long, Long> threads = new HashMap<>();
    if (THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
      for (long id : THREADS.getAllThreadIds()) {
        long nanos = THREADS.getThreadCpuTime(id);
        if (nanos >= 0) {
          threads.put(id, nanos);
        }
      }
    }
    return new Mark(
        ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO), threads);
  }

  /**
   * E.g. {@code suite CPU during the load: 9.84 s for 2,255 requests, 4.36 ms per request; its
   * threads 3.10 ms per request (live metrics on)}.
   */
  static String perRequest(Spent cpu, long requests, boolean live) {
    return String.format(
        Locale.ROOT,
        "suite CPU during the load: %.2f s for %,d requests, %s per request; its threads (no JIT"
            + " compiler, no GC) %s per request (live metrics %s)",
        cpu.process().toNanos() / 1e9,
        requests,
        millisEach(cpu.process(), requests),
        millisEach(cpu.threads(), requests),
        live ? "on" : "off");
  }

  private static String millisEach(Duration cpu, long requests) {
    return requests == 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.3f ms", cpu.toNanos() / 1e6 / requests);
  }
}
