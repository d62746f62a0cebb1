package dev.meshhook.load.config;

import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Open model of weighted operations. Weights are relative: the requirements' 70/20/10/5 sums to
 * 105, so each is divided by the sum and the effective percentages are printed and reported.
 */
public record MixedShape(
    double rate,
    Duration rampDuration,
    Duration duration,
    Map<String, Double> weights,
    SuiteConfig.Thresholds thresholds)
    implements SuiteConfig.SteadyShape {

  /** The operations a mixed run can pick, in the order they are reported. */
  public static final String[] OPERATIONS = {
    "webhook", "readRun", "listRuns", "streamLogs", "health"
  };

  /** Each operation's share in percent, summing to 100. */
  public Map<String, Double> percentages() {
    double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> shares = new LinkedHashMap<>();
    for (String op : OPERATIONS) {
      shares.put(op, 100 * weights.get(op) / sum);
    }
    return shares;
  }

  /** Printed at the start of a run: the effective shares, not just the weights given. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("mixed at ").append(rate).append(" operations/s:");
    percentages()
        .forEach(
            (op, share) ->
                b.append(String.format(java.util.Locale.ROOT, " %s %.1f %%", op, share)));
    return b.append(" (weights ").append(weights).append(')').toString();
  }

  public static MixedShape read(Settings s, boolean quick) {
    String timing = quick ? "mixed.quick" : "mixed";
    Duration limit = quick ? SuiteConfig.QUICK_LIMIT : Duration.ofHours(24);
    Settings.Phases phases = s.rampThenSteady(timing, limit);
    Duration ramp = phases.ramp();
    Duration duration = phases.steady();
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String op : OPERATIONS) {
      weights.put(op, s.between("mixed.weights." + op, 0, 1_000_000));
    }
    if (weights.get("webhook") <= 0) {
      throw new ConfigError(
          "mixed.weights.webhook",
          weights.get("webhook"),
          "a weight > 0: the other operations read the runs the webhooks create");
    }
    return new MixedShape(
        s.positive("mixed.rate"),
        ramp,
        duration,
        Map.copyOf(weights),
        SuiteConfig.thresholds(s, "mixed"));
  }
}
