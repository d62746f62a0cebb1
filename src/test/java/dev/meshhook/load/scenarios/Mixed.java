package dev.meshhook.load.scenarios;

import dev.meshhook.load.config.MixedShape;
import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.run.GatlingHooks;
import dev.meshhook.load.run.Tenants;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.Map;

/** One operation per arriving user, picked by the profile's normalised weights. */
public final class Mixed {
  private Mixed() {}

  /**
   * A signed webhook from {@code feeder}, a run read or listed or followed as one of {@code
   * tenants}, or a health check, by the shape's percentages; each recorded by {@code hooks}.
   */
  public static ChainBuilder weightedOperation(
      WebhookFeeder feeder,
      GatlingHooks hooks,
      Tenants tenants,
      MixedShape shape,
      Duration followTimeout) {
    Map<String, ChainBuilder> chains =
        Map.of(
            "webhook", Webhooks.signedWebhook(feeder, hooks, shape),
            "readRun", Operations.readRun(hooks, tenants),
            "listRuns", Operations.listRuns(hooks, tenants),
            "streamLogs",
                Operations.recentRun(tenants)
                    .exec(LiveLogFollower.followRun(hooks, tenants, followTimeout)),
            "health", Operations.health(hooks));
    return Weighted.oneOf(shape.percentages(), chains);
  }
}
