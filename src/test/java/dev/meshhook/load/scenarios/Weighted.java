package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One chain per arriving user, picked at random by percentages. */
final class Weighted {
  private Weighted() {}

  /**
   * @param percentages each chain's share in %, in a stable order, together 100 (up to rounding)
   */
  static ChainBuilder oneOf(Map<String, Double> percentages, Map<String, ChainBuilder> chains) {
    List<Choice.WithWeight> choices = new ArrayList<>();
    double given = 0;
    List<Map.Entry<String, Double>> shares = new ArrayList<>(percentages.entrySet());
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
