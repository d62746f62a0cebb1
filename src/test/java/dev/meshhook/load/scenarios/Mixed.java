package dev.meshhook.load.scenarios;

import dev.meshhook.load.config.MixedShape;
import dev.meshhook.load.run.LoadRun;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;
import java.util.Map;

/** One operation per arriving user, picked by the profile's normalised weights. */
public final class Mixed {
  private Mixed() {}

  public static ChainBuilder weightedOperation(LoadRun<MixedShape> run, Duration followTimeout) {
    Map<String, ChainBuilder> chains =
        Map.of(
            "webhook", Webhooks.signedWebhook(run),
            "readRun", Operations.readRun(run),
            "listRuns", Operations.listRuns(run),
            "streamLogs",
                Operations.recentRun(run).exec(LiveLogFollower.followRun(run, followTimeout)),
            "health", Operations.health(run));
    return Weighted.oneOf(run.shape().percentages(), chains);
  }
}
