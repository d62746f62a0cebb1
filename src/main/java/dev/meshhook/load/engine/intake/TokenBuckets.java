package dev.meshhook.load.engine.intake;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per project: {@code ratePerSecond} tokens flow in, at most {@code burst} are
 * held. Every webhook takes one; an empty bucket means 429. The figures it returns become the
 * {@code X-RateLimit-*} and {@code Retry-After} headers.
 */
public final class TokenBuckets {
  /** The outcome of one take, with what the headers report. */
  public record Decision(
      boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

  private final double ratePerSecond;
  private final double burst;
  private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

  public TokenBuckets(double ratePerSecond, int burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  Decision take(UUID project) {
    return buckets.computeIfAbsent(project, p -> new Bucket()).take(System.nanoTime());
  }

  private final class Bucket {
    private double tokens = burst;
    private long refilledAt = System.nanoTime();

    synchronized Decision take(long now) {
      tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * ratePerSecond);
      refilledAt = now;
      boolean allowed = tokens >= 1;
      if (allowed) {
        tokens -= 1;
      }
      long reset = (long) Math.ceil((burst - tokens) / ratePerSecond);
      long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond));
      return new Decision(allowed, (long) burst, (long) Math.floor(tokens), reset, retryAfter);
    }
  }
}
