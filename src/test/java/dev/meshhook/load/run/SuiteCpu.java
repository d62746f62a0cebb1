package dev.meshhook.load.run;

import java.time.Duration;
import java.util.Locale;

/**
 * The CPU time this JVM (Gatling, the chains, the hooks) spent on a load, per request: the figure
 * that tells what the suite's own bookkeeping costs, e.g. with live metrics on and off.
 */
final class SuiteCpu {
  private SuiteCpu() {}

  /** This process's CPU time so far (zero where the platform does not tell). */
  static Duration now() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** E.g. {@code suite CPU during the load: 9.84 s for 2,255 requests, 4.36 ms per request}. */
  static String perRequest(Duration cpu, long requests, boolean live) {
    double seconds = cpu.toNanos() / 1e9;
    return String.format(
        Locale.ROOT,
        "suite CPU during the load: %.2f s for %,d requests, %s per request (live metrics %s)",
        seconds,
        requests,
        requests == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f ms", 1000 * seconds / requests),
        live ? "on" : "off");
  }
}
