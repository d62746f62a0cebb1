package dev.meshhook.load.run;

import dev.meshhook.load.feeders.WorkflowMix;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The target's tenants as the chains beside webhooks see them: the workflow mix's tenants, the runs
 * accepted lately with their tenant (for reads that need a run that exists), and the management
 * API's {@code Authorization} value of each tenant.
 */
public final class Tenants {
  private final WorkflowMix mix;
  private final RecentRuns recentRuns;
  private final TargetHandle target;

  Tenants(WorkflowMix mix, RecentRuns recentRuns, TargetHandle target) {
    this.mix = mix;
    this.recentRuns = recentRuns;
    this.target = target;
  }

  /** A tenant of the workflow mix, at random. */
  public String any() {
    List<WorkflowMix.Entry> entries = mix.entries();
    return entries.get(ThreadLocalRandom.current().nextInt(entries.size())).tenant();
  }

  /** Every tenant of the workflow mix, once each, in the mix's order. */
  public List<String> all() {
    return mix.entries().stream().map(WorkflowMix.Entry::tenant).distinct().toList();
  }

  /** A run accepted lately, at random, or null before the first one was accepted. */
  public RecentRuns.Run recentRun() {
    return recentRuns.any();
  }

  /** The management API's {@code Authorization} value for a tenant. */
  public String bearer(String tenant) {
    return target.bearer(tenant);
  }
}
