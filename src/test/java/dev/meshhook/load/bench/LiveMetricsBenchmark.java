package dev.meshhook.load.bench;

import dev.meshhook.load.live.LiveMetrics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;

/**
 * What live metrics add to one webhook: the calls the hooks make for it (sent, then answered with
 * its status and latency, which feeds two counters, the in-flight gauge and the histogram), in CPU
 * nanoseconds of the calling threads, on one thread and on two at once (Gatling's event loops on 2
 * cores), switched on and switched off. Set beside the suite's CPU per request that every run
 * prints (milliseconds), it says what share of it live metrics can be.
 *
 * <p>{@code mvn -Pbench-live}; prints one line per setting, then the difference.
 */
public final class LiveMetricsBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int WARM_UP = 2_000_000;
  private static final int MEASURED = 10_000_000;
  private static final int ROUNDS = 5;

  private LiveMetricsBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "live metrics per webhook: %,d calls of sent + answered per thread, median of %d rounds%n",
        MEASURED,
        ROUNDS);
    for (int threads : new int[] {1, 2}) {
      double on = median(LiveMetrics.on("20261202T1200000bench", "bench", "Bench"), threads);
      double off = median(LiveMetrics.off(), threads);
      System.out.printf(
          Locale.ROOT,
          "%d thread(s): on %.1f ns, off %.1f ns, live metrics add %.1f ns of CPU per webhook%n",
          threads,
          on,
          off,
          on - off);
    }
  }

  /** CPU nanoseconds per webhook, the median of the rounds, each thread's own CPU summed. */
  private static double median(LiveMetrics live, int threads) throws Exception {
    run(live, threads, WARM_UP);
    List<Double> rounds = new ArrayList<>();
    for (int r = 0; r < ROUNDS; r++) {
      rounds.add(run(live, threads, MEASURED));
    }
    rounds.sort(Double::compare);
    return rounds.get(ROUNDS / 2);
  }

  private static double run(LiveMetrics live, int threads, int calls) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads);
    long[] cpu = new long[threads];
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                long before = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) {
                  live.webhookSent();
                  // Statuses and latencies vary as in a run: one in 20 a 401, latencies 0-63 ms.
                  live.webhookAnswered(i % 20 == 0 ? 401 : 202, i & 63);
                }
                cpu[index] = THREADS.getCurrentThreadCpuTime() - before;
              });
      all.add(thread);
      thread.start();
    }
    for (Thread thread : all) {
      thread.join();
    }
    long total = 0;
    for (long c : cpu) {
      total += c;
    }
    return (double) total / ((long) calls * threads);
  }
}
