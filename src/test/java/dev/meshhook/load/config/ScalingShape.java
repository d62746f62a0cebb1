package dev.meshhook.load.config;

import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.ledger.LedgerEntry;
import dev.meshhook.load.settings.ConfigError;
import dev.meshhook.load.settings.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The same stairs of arrival rate at each engine replica count, in ascending order, on one
 * database: before each count after the first, the runs already accepted are waited for (at most
 * {@code drainTimeout}) and the replicas the count adds are started. The engine's rate limit is
 * lifted to {@code engineRatePerSecond}: a limiter per process lets N replicas accept N times as
 * much, which would read as perfect scaling of the limiter, not of the engine.
 */
public record ScalingShape(
    StressShape stairs,
    List<Integer> replicas,
    Duration drainTimeout,
    double engineRatePerSecond,
    int engineRateBurst)
    implements SuiteConfig.Shape {

  /**
   * After a count's stairs end, its last requests may still go out for a moment (the first request
   * comes up to one arrival after the injection starts); the next count's come only after the drain
   * and the start of at least one engine JVM, which take seconds.
   */
  static final long PHASE_GUARD_MS = 1000;

  public ScalingShape {
    replicas = List.copyOf(replicas);
  }

  /** One replica count's stairs, as the ledger places them: from its first request. */
  public record Phase(int replicas, long fromMs, long toMs) {
    public List<LedgerEntry> entries(List<LedgerEntry> ledger) {
      return ledger.stream()
          .filter(e -> e.sentEpochMs() >= fromMs && e.sentEpochMs() < toMs)
          .toList();
    }
  }

  @Override
  public SuiteConfig.Thresholds thresholds() {
    return stairs.thresholds();
  }

  @Override
  public boolean allowsShedding() {
    return stairs.allowsShedding();
  }

  /** Judged per level of each count's stairs, like stress. */
  @Override
  public boolean wholeRunThresholds() {
    return false;
  }

  @Override
  public EngineOptions engine(EngineOptions base) {
    return base.withRateLimit(engineRatePerSecond, engineRateBurst);
  }

  @Override
  public List<Integer> replicaCounts(int configured) {
    return replicas;
  }

  @Override
  public boolean scalesTheEngine() {
    return true;
  }

  /** One count's injection time: its stairs and their recovery phase. */
  public Duration phaseDuration() {
    return stairs.stairsEnd().plus(stairs.recoveryDuration());
  }

  /**
   * Each count's phase in {@code ledger}, split at {@code startsAfterFirst}: when each count after
   * the first began (the scale-out log's times); every request lies in one phase. A run cut short
   * has fewer phases than counts. Without those times (a run from before they were recorded), the
   * phases are inferred from the ledger alone.
   */
  public List<Phase> phases(List<LedgerEntry> ledger, List<Long> startsAfterFirst) {
    if (startsAfterFirst.isEmpty() || ledger.isEmpty()) {
      return phases(ledger);
    }
    long first = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).min().orElseThrow();
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i <= startsAfterFirst.size() && i < replicas.size(); i++) {
      long from = i == 0 ? first : startsAfterFirst.get(i - 1);
      long to = i < startsAfterFirst.size() ? startsAfterFirst.get(i) : Long.MAX_VALUE;
      if (i == 0 || ledger.stream().anyMatch(e -> e.sentEpochMs() >= from)) {
        phases.add(new Phase(replicas.get(i), from, to));
      }
    }
    return phases;
  }

  /**
   * Each count's phase in {@code ledger}, inferred: the first from the first request, each next
   * from the first request after the one before ended. A run cut short has fewer phases than
   * counts.
   */
  public List<Phase> phases(List<LedgerEntry> ledger) {
    long[] sent = ledger.stream().mapToLong(LedgerEntry::sentEpochMs).sorted().toArray();
    List<Phase> phases = new ArrayList<>();
    long after = Long.MIN_VALUE;
    int i = 0;
    for (int count : replicas) {
      while (i < sent.length && sent[i] < after) {
        i++;
      }
      if (i == sent.length) {
        break;
      }
      long from = sent[i];
      long to = from + phaseDuration().toMillis() + PHASE_GUARD_MS;
      phases.add(new Phase(count, from, to));
      after = to;
    }
    return phases;
  }

  public static ScalingShape read(Settings s, boolean quick) {
    String key = "scaling.replicas";
    List<Integer> counts = s.intList(key, 1);
    String value = s.string(key);
    String allowed =
        "distinct replica counts from 1 to "
            + SuiteConfig.MAX_REPLICAS
            + " in ascending order, such as 1,2,4";
    for (int i = 0; i < counts.size(); i++) {
      if (counts.get(i) > SuiteConfig.MAX_REPLICAS
          || (i > 0 && counts.get(i) <= counts.get(i - 1))) {
        throw new ConfigError(key, value, allowed);
      }
    }
    return new ScalingShape(
        StressShape.read(s, "scaling", quick),
        counts,
        s.duration("scaling.drainTimeout", Duration.ofSeconds(1), Duration.ofHours(1)),
        s.positive("scaling.engineRateLimit.perSecond"),
        s.intAtLeast("scaling.engineRateLimit.burst", 1));
  }
}
