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

  /**
   * The threads that sample the target (the engine's /metrics, the database's views): named so by
   * {@code ResourceSampler} and {@code DatabaseSampler}.
   */
  static final String SAMPLER_THREADS = "(resource|database)-sampler.*";

  /** The CPU counters at one moment, to measure from. */
  static final class Mark {
    private final Duration process;
    private final Map<Long, Long> threadNanos;
    private final java.util.Set<Long> samplers;
    private final VmThreads.Cpu vm;

    private Mark(
        Duration process,
        Map<Long, Long> threadNanos,
        java.util.Set<Long> samplers,
        VmThreads.Cpu vm) {
      this.process = process;
      this.threadNanos = threadNanos;
      this.samplers = samplers;
      this.vm = vm;
    }

    /** The whole process's CPU from its start to this mark. */
    Duration process() {
      return process;
    }

    /** CPU spent since this mark, by the process, by its Java threads and by its samplers. */
    Spent since() {
      return until(mark());
    }

    /** CPU spent from this mark to a later one. */
    Spent until(Mark now) {
      long threads = 0;
      long sampling = 0;
      for (Map.Entry<Long, Long> t : now.threadNanos.entrySet()) {
        // A thread started since counts from 0; one that ended since is lost (Gatling's threads
        // live as long as the run).
        long spent = t.getValue() - threadNanos.getOrDefault(t.getKey(), 0L);
        threads += spent;
        if (now.samplers.contains(t.getKey())) {
          sampling += spent;
        }
      }
      return new Spent(
          now.process.minus(process),
          Duration.ofNanos(Math.max(0, threads)),
          Duration.ofNanos(Math.max(0, sampling)));
    }
  }

  /** CPU spent by the whole process, by its Java threads alone, and by the samplers' threads. */
  record Spent(Duration process, Duration threads, Duration sampling) {}

  private SuiteCpu() {}

  /** The counters now (zeros where the platform does not tell). */
  static Mark mark() {
    Map<Long, Long> threads = new HashMap<>();
    java.util.Set<Long> samplers = new java.util.HashSet<>();
    if (THREADS.isThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
      for (java.lang.management.ThreadInfo info :
          THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        if (info == null) {
          continue; // ended meanwhile
        }
        long nanos = THREADS.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          threads.put(info.getThreadId(), nanos);
          if (info.getThreadName().matches(SAMPLER_THREADS)) {
            samplers.add(info.getThreadId());
          }
        }
      }
    }
    return new Mark(
        ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO),
        threads,
        samplers,
        VmThreads.cpu());
  }

  /**
   * E.g. {@code suite CPU during the load: 9.84 s for 2,255 requests, 4.36 ms per request; its
   * threads 3.10 ms per request (live metrics on); sampling's threads 0.021 ms per request (0.7 %
   * of the threads')}.
   */
  static String perRequest(Spent cpu, long requests, boolean live) {
    return String.format(
        Locale.ROOT,
        "suite CPU during the load: %.2f s for %,d requests, %s per request; its threads (no JIT"
            + " compiler, no GC) %s per request (live metrics %s); sampling's threads %s per"
            + " request (%s of the threads')",
        cpu.process().toNanos() / 1e9,
        requests,
        millisEach(cpu.process(), requests),
        millisEach(cpu.threads(), requests),
        live ? "on" : "off",
        millisEach(cpu.sampling(), requests),
        cpu.threads().isZero()
            ? "n/a"
            : String.format(
                Locale.ROOT,
                "%.1f %%",
                100.0 * cpu.sampling().toNanos() / cpu.threads().toNanos()));
  }

  /** Before the process's first instruction: every counter at 0. */
  private static final Mark START =
      new Mark(Duration.ZERO, Map.of(), java.util.Set.of(), VmThreads.Cpu.NONE);

  /**
   * The whole process's CPU by phase, each taken apart where the platform tells: its Java threads,
   * the JIT compiler, the garbage collector. E.g. {@code suite CPU by phase: 8.42 s before the
   * first request (Java threads 3.96 s, JIT compiler 3.80 s, GC 0.40 s), ...}: what the per-request
   * line leaves out, what a run costs beside the load it makes, and how much of it is code compiled
   * once and run little.
   */
  static String byPhase(Mark firstRequest, Mark loadEnd, Mark verifyStart, Mark verifyEnd) {
    return "suite CPU by phase: "
        + phase(START, firstRequest, "before the first request")
        + ", "
        + phase(firstRequest, loadEnd, "during the load")
        + ", "
        + phase(loadEnd, verifyStart, "draining")
        + ", "
        + phase(verifyStart, verifyEnd, "verifying and reporting");
  }

  private static String phase(Mark from, Mark to, String name) {
    Spent spent = from.until(to);
    StringBuilder line =
        new StringBuilder(seconds(spent.process()))
            .append(' ')
            .append(name)
            .append(" (Java threads ")
            .append(seconds(spent.threads()));
    if (to.vm.known()) {
      line.append(", JIT compiler ")
          .append(seconds(to.vm.compiling().minus(from.vm.compiling())))
          .append(", GC ")
          .append(seconds(to.vm.collecting().minus(from.vm.collecting())));
    }
    return line.append(')').toString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
  }

  private static String millisEach(Duration cpu, long requests) {
    return requests == 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.3f ms", cpu.toNanos() / 1e6 / requests);
  }
}
