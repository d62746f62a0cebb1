package dev.meshhook.load.config;

import dev.meshhook.load.ledger.ProbeClass;
import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Open model of valid webhooks, with every probe class beside them at {@code probeRate} each, and
 * one burst of {@code burst} webhooks at once in the middle of the steady phase to go over the
 * project's rate limit. {@code maxBodyBytes} is the target's body limit (0: the embedded engine's
 * {@code engine.maxBodyBytes}); {@code skip} names classes not to send. Shedding is allowed: the
 * burst empties a project's bucket for a moment, and a valid webhook then gets a polite 429.
 */
public record SecurityShape(
    double rate,
    Duration rampDuration,
    Duration duration,
    double probeRate,
    int burst,
    int maxBodyBytes,
    Set<ProbeClass> skip,
    SuiteConfig.Thresholds thresholds)
    implements SuiteConfig.SteadyShape {

  @Override
  public boolean allowsShedding() {
    return true;
  }

  @Override
  public boolean sendsProbes() {
    return true;
  }

  /**
   * The classes sent one at a time beside the webhooks, in declaration order: all but the ones
   * skipped and the burst, which goes out on its own.
   */
  public java.util.List<ProbeClass> probedBesideWebhooks() {
    return java.util.Arrays.stream(ProbeClass.values())
        .filter(c -> c != ProbeClass.OVER_RATE_LIMIT && !skip.contains(c))
        .toList();
  }

  /** When the burst goes out: the middle of the steady phase. */
  public Duration burstAfter() {
    return rampDuration.plus(duration.dividedBy(2));
  }

  public static SecurityShape read(Settings s, boolean quick) {
    String timing = quick ? "security.quick" : "security";
    Settings.Phases phases =
        s.rampThenSteady(timing, quick ? SuiteConfig.QUICK_LIMIT : Duration.ofHours(24));
    Set<ProbeClass> skip = EnumSet.noneOf(ProbeClass.class);
    String given = s.string("security.skip").trim();
    if (!given.isEmpty()) {
      for (String flag : given.split("\\s*,\\s*")) {
        skip.add(
            ProbeClass.ofFlag(flag)
                .orElseThrow(
                    () ->
                        new ConfigError(
                            "security.skip",
                            given,
                            "probe classes, comma-separated, from: "
                                + String.join(", ", ProbeClass.flags()))));
      }
    }
    return new SecurityShape(
        s.positive("security.rate"),
        phases.ramp(),
        phases.steady(),
        s.positive("security.probeRate"),
        s.intBetween("security.burst", 1, 5000),
        s.intBetween("security.maxBodyBytes", 0, 64 << 20),
        Set.copyOf(skip),
        SuiteConfig.thresholds(s, "security"));
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "ramp 1 -> %s webhooks/s over %s, then %s/s for %s; %s probe(s)/s of each of %d classes%s;"
            + " a burst of %d webhooks at once after %s",
        trim(rate),
        Settings.human(rampDuration),
        trim(rate),
        Settings.human(duration),
        trim(probeRate),
        probedBesideWebhooks().size(),
        skip.isEmpty()
            ? ""
            : " (skipped: "
                + String.join(", ", skip.stream().map(ProbeClass::flag).sorted().toList())
                + ")",
        burst,
        Settings.human(burstAfter()));
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
