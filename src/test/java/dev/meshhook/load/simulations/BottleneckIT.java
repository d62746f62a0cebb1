package dev.meshhook.load.simulations;

import static dev.meshhook.load.testing.JsonRead.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.VerificationJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine really saturates a resource, and the stress analysis names it from what the database
 * and the engine's metrics showed: a pool of one connection with the rate limit lifted names {@code
 * db-pool}; every intake updating one shared row ({@code engine.fault=hot-row}) names {@code
 * db-lock}. The stairs are shorter than {@code -Dquick=true}'s (three levels of 5 s) to keep the
 * build's time; docs/PERFORMANCE.md holds the full quick stairs' results. The named resource's
 * evidence is checked against the knee step's figures in the JSON, and those against the raw
 * samples the run wrote ({@code resources}, {@code database}), read here by column name.
 */
class BottleneckIT {
  private static final Pattern PERCENT = Pattern.compile("^(\\d+) % ");

  @TempDir Path reports;

  @Test
  void aPoolOfOneConnectionIsNamedDbPool() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(
            StressSimulation.class,
            reports,
            stairs(200, "engine.rateLimit.perSecond=100000", "engine.rateLimit.burst=100000")
                .and("engine.poolSize=1")
                .props);
    VerificationJson v = VerificationJson.of(result, "stresssimulation-");
    JsonNode bottleneck = v.root().path("bottleneck");
    assertThat(bottleneck.path("named").asText()).as(result.output()).isEqualTo("db-pool");
    assertThat(result.output()).contains("bottleneck at " + bottleneck.path("atStep").asText());
    JsonNode knee = knee(v, bottleneck);
    JsonNode usage = knee.path("usage");
    // What the engine's /metrics said, averaged over the knee step's samples.
    Samples resources = Samples.read(result.folder().orElseThrow().resolve("resources"));
    double pending = resources.mean("poolPending", knee);
    double active = resources.mean("poolActive", knee);
    assertThat(number(usage, "poolPending")).isCloseTo(pending, within(0.01)).isPositive();
    assertThat(number(usage, "poolActive")).isCloseTo(active, within(0.01));
    assertThat(resources.max("poolActive", knee)).as("a pool of one").isEqualTo(1);
    String evidence = bottleneck.path("evidence").get(0).asText();
    assertThat(evidence).contains("of the engine's connection requests waiting for the pool");
    assertThat(leadingPercent(evidence)).isCloseTo(100 * pending / (pending + active), within(0.6));
    assertThat(number(bottleneck, "timeBudget", "pool wait")).isPositive();
    assertThat(v.root().path("recommendations").get(0).path("resource").asText())
        .isEqualTo("db-pool");
  }

  @Test
  void everyIntakeUpdatingOneRowIsNamedDbLock() throws Exception {
    GatlingRun.Result result =
        GatlingRun.run(StressSimulation.class, reports, stairs(60, "engine.fault=hot-row").props);
    // Under the hot row the engine may also fail runs (the verdict then says so); the question
    // here is only why the stairs broke.
    VerificationJson v = VerificationJson.of(result, "stresssimulation-");
    JsonNode bottleneck = v.root().path("bottleneck");
    assertThat(bottleneck.path("named").asText()).as(result.output()).isEqualTo("db-lock");
    JsonNode knee = knee(v, bottleneck);
    JsonNode usage = knee.path("usage");
    // What the database's pg_stat_activity and pg_locks said at the knee.
    Samples database = Samples.read(result.folder().orElseThrow().resolve("database"));
    double locked = database.mean("activeLock", knee);
    double activeSessions = database.mean("activeSessions", knee);
    assertThat(number(usage, "dbLock")).isCloseTo(locked, within(0.01)).isPositive();
    assertThat(number(usage, "dbActive")).isCloseTo(activeSessions, within(0.01));
    assertThat(database.max("locksNotGranted", knee)).as("locks not granted").isPositive();
    String evidence = bottleneck.path("evidence").get(0).asText();
    double connections = number(usage, "dbConnections");
    if (evidence.contains("of the database's active sessions waiting on locks")) {
      assertThat(leadingPercent(evidence)).isCloseTo(100 * locked / activeSessions, within(0.6));
    } else {
      assertThat(evidence).contains("of the database's connections waiting on locks");
      assertThat(leadingPercent(evidence)).isCloseTo(100 * locked / connections, within(0.6));
    }
    assertThat(number(bottleneck, "timeBudget", "database lock wait")).isPositive();
    assertThat(v.root().path("recommendations").get(0).path("action").asText()).contains("hot row");
  }

  /**
   * Three levels of 5 s from 5/s, {@code step} apart, and a short recovery. Shorter is not a knee:
   * at 4 s a level's edges (runs accepted at its end finish after it) and a cold engine's first
   * seconds read as falling behind, and a first level of 5/s is too noisy to hold a knee against
   * alone.
   */
  private static Props stairs(int step, String... more) {
    return new Props(
            "quick=true",
            "stress.quick.levels=3",
            "stress.quick.step=" + step,
            "stress.quick.levelDuration=5s",
            "stress.quick.rampDuration=1s",
            "stress.quick.recoveryDuration=5s")
        .and(more);
  }

  private record Props(String... props) {
    Props and(String... more) {
      String[] all = Arrays.copyOf(props, props.length + more.length);
      System.arraycopy(more, 0, all, props.length, more.length);
      return new Props(all);
    }
  }

  private static JsonNode knee(VerificationJson v, JsonNode bottleneck) {
    String at = bottleneck.path("atStep").asText();
    for (JsonNode step : v.root().path("steps")) {
      if (step.path("step").asText().equals(at)) {
        assertThat(step.path("state").asText()).isNotEqualTo("stable");
        return step;
      }
    }
    throw new AssertionError("no step " + at + " in " + v.root().path("steps"));
  }

  private static double leadingPercent(String evidence) {
    Matcher m = PERCENT.matcher(evidence);
    assertThat(m.find()).as(evidence).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** A tab-separated samples file with a header, read by column name. */
  private record Samples(List<String> header, List<String[]> rows) {
    static Samples read(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file);
      return new Samples(
          List.of(lines.get(0).split("\t")),
          lines.stream().skip(1).map(l -> l.split("\t", -1)).toList());
    }

    private double[] in(String column, JsonNode step) {
      int c = header.indexOf(column);
      assertThat(c).as(column + " in " + header).isNotNegative();
      long from = step.path("fromMs").asLong();
      long to = step.path("toMs").asLong();
      double[] values =
          rows.stream()
              .filter(r -> Long.parseLong(r[0]) >= from && Long.parseLong(r[0]) < to)
              .filter(r -> !r[c].isEmpty())
              .mapToDouble(r -> Double.parseDouble(r[c]))
              .filter(x -> !Double.isNaN(x)) // not sampled that second
              .toArray();
      assertThat(values).as(column + " sampled in " + step.path("step").asText()).isNotEmpty();
      return values;
    }

    double mean(String column, JsonNode step) {
      return Arrays.stream(in(column, step)).average().orElseThrow();
    }

    double max(String column, JsonNode step) {
      return Arrays.stream(in(column, step)).max().orElseThrow();
    }
  }
}
