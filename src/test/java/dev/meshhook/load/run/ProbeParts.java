package dev.meshhook.load.run;

import dev.meshhook.load.config.SecurityShape;
import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.ledger.LoadIds;

/**
 * What the security profile's chains use of a run, and nothing more: its shape; the valid webhooks'
 * feeder and hooks; the probes' hooks; the workflow mix and the load ids, from which each probe
 * takes its workflow and its id (from the webhooks' own sequence, so no two ids collide); the
 * target's webhook body limit (0 when not known: not probed then); and its tenants.
 */
public record ProbeParts(
    SecurityShape shape,
    WebhookFeeder feeder,
    GatlingHooks hooks,
    ProbeHooks probes,
    WorkflowMix mix,
    LoadIds ids,
    int bodyLimit,
    Tenants tenants) {

  /** The security run's parts. */
  public static ProbeParts of(LoadRun<SecurityShape> run) {
    return new ProbeParts(
        run.shape(),
        run.feeder(),
        run.hooks(),
        run.probes(),
        run.mix(),
        run.ids(),
        run.probeBodyLimit(),
        run.tenants());
  }
}
