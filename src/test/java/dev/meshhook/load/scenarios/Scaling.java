package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.meshhook.load.checker.Drain;
import dev.meshhook.load.config.Connections;
import dev.meshhook.load.config.Injectors;
import dev.meshhook.load.config.ScalingShape;
import dev.meshhook.load.run.ScaleOut;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import java.util.List;

/**
 * A scaling run's populations, one after the other: for each replica count, the scale-out to it
 * (the runs so far waited for, the new replicas started), then the stairs of signed webhooks spread
 * over that many replicas; after the last count, {@code then}.
 */
public final class Scaling {
  private Scaling() {}

  /**
   * {@code webhook} (a signed webhook) in the shape's stairs, this injector's {@code share} of
   * them, at each replica count, {@code scaleOut} going from one count to the next, over {@code
   * connections} as every profile's.
   */
  public static PopulationBuilder stairsAtEachCount(
      ChainBuilder webhook,
      ScalingShape shape,
      Injectors share,
      ScaleOut scaleOut,
      Connections connections,
      PopulationBuilder then) {
    List<Integer> counts = shape.replicas();
    PopulationBuilder next = then;
    // Built from the last count back: each count's populations run before the next one's.
    for (int i = counts.size() - 1; i >= 0; i--) {
      int count = counts.get(i);
      PopulationBuilder stairs =
          scenario("scaling: signed webhooks, " + replicas(count))
              .exec(webhook)
              .injectOpen(Injections.stairs(shape.stairs(), share))
              .protocols(Protocols.target(scaleOut.baseUrls(count), connections))
              .andThen(next);
      next =
          i == 0
              ? stairs
              : scaleOutTo(scaleOut, count, shape).injectOpen(atOnceUsers(1)).andThen(stairs);
    }
    return next;
  }

  private static io.gatling.javaapi.core.ScenarioBuilder scaleOutTo(
      ScaleOut scaleOut, int count, ScalingShape shape) {
    return scenario("scaling: out to " + replicas(count))
        .exec(
            session -> {
              scaleOut.beginDrain(count, shape.drainTimeout());
              return session;
            })
        .asLongAs(session -> !scaleOut.drained())
        .on(
            pause(Drain.POLL_EVERY)
                .exec(
                    session -> {
                      scaleOut.pollDrain();
                      return session;
                    }))
        .exec(
            session -> {
              scaleOut.scaleTo(count);
              return session;
            });
  }

  private static String replicas(int count) {
    return count + (count == 1 ? " replica" : " replicas");
  }
}
