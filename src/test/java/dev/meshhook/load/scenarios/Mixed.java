package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;

import dev.meshhook.load.config.MixedShape;
import dev.meshhook.load.run.LoadRun;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    List<Choice.WithWeight> choices = new ArrayList<>();
    double given = 0;
    List<Map.Entry<String, Double>> shares = new ArrayList<>(run.shape().percentages().entrySet());
    for (int i = 0; i < shares.size(); i++) {
      // Gatling refuses shares summing past 100 %; the last one takes what rounding left.
      double share = i == shares.size() - 1 ? Math.max(0, 100 - given) : shares.get(i).getValue();
      given += share;
      if (share > 0) {
        choices.add(percent(share).then(chains.get(shares.get(i).getKey())));
      }
    }
    return exec(randomSwitch().on(choices));
  }
}
