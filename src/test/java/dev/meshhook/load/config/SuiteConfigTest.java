package dev.meshhook.load.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.feeders.WorkflowMix;
import dev.meshhook.load.figures.LoadProfiles;
import dev.meshhook.load.settings.ConfigError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteConfigTest {
  /** The configuration with these overrides, every profile's block read as a run reads them. */
  private static SuiteConfig with(Map<String, ?> overrides) {
    SuiteConfig config =
        SuiteConfig.from(
            ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.parseResources("application.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve());
    LoadProfiles.validate(config);
    return config;
  }

  private static void rejects(Map<String, ?> overrides, String message) {
    assertThatThrownBy(() -> with(overrides)).isInstanceOf(ConfigError.class).hasMessage(message);
  }

  @Test
  void defaultsTargetTheEmbeddedEngineWithoutFaults() {
    SuiteConfig config = with(Map.of());
    assertThat(config.target().embedded()).isTrue();
    assertThat(config.engine().fault()).isEqualTo(FaultMode.NONE);
    assertThat(config.engine().faultEvery()).isEqualTo(10);
    assertThat(config.verify().drainTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(
            LoadProfiles.SMOKE
                .shapeIn(config)
                .rampDuration()
                .plus(LoadProfiles.SMOKE.shapeIn(config).duration()))
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void overridesApplyPerKey() {
    SuiteConfig config =
        with(Map.of("engine.fault", "drop-after-ack", "engine.faultEvery", 3, "smoke.rate", 2.5));
    assertThat(config.engine().fault()).isEqualTo(FaultMode.DROP_AFTER_ACK);
    assertThat(config.engine().faultEvery()).isEqualTo(3);
    assertThat(LoadProfiles.SMOKE.shapeIn(config).rate()).isEqualTo(2.5);
  }

  @Test
  void liveMetricsWriteTheirTargetsBesideTheReportsAndCheckTheEngineMetricsPath() {
    SuiteConfig config = with(Map.of("reports.dir", "/tmp/somewhere"));
    assertThat(config.live().targetsDir())
        .isEqualTo(java.nio.file.Path.of("/tmp/somewhere/live-targets"));
    assertThat(config.live().engineMetricsPath()).isEqualTo("/metrics");
    assertThat(config.live().finalScrapeWait()).isEqualTo(Duration.ofSeconds(15));
    assertThat(with(Map.of("live.engineMetricsPath", "")).live().engineMetricsPath()).isEmpty();
    rejects(
        Map.of("live.engineMetricsPath", "metrics?x=1"),
        "config error: live.engineMetricsPath = 'metrics?x=1' is not allowed; expected empty, or a URL path such as /metrics (no query)");
  }

  @Test
  void connectionsArePerUserUnlessSetAndConcurrencySharesThem() {
    SuiteConfig config = with(Map.of());
    assertThat(LoadProfiles.SMOKE.connectionsIn(config)).isEqualTo(Connections.PER_USER);
    assertThat(LoadProfiles.CONCURRENCY.connectionsIn(config).flag()).isEqualTo("shared");
    SuiteConfig shared = with(Map.of("http.connections", "shared"));
    assertThat(LoadProfiles.LOAD.connectionsIn(shared).shared()).isTrue();
    Connections pool = LoadProfiles.LOAD.connectionsIn(with(Map.of("http.connections", "pool:2")));
    assertThat(pool.mode()).isEqualTo(Connections.Mode.POOL);
    assertThat(pool.pool()).isEqualTo(2);
    assertThat(pool.shared()).isTrue();
    assertThat(pool.flag()).isEqualTo("pool:2");
    assertThat(
            LoadProfiles.CONCURRENCY.connectionsIn(
                with(Map.of("concurrency.connections", "per-user"))))
        .isEqualTo(Connections.PER_USER);
  }

  @Test
  void aConnectionModeItDoesNotKnowStopsTheRunNamingTheKey() {
    String allowed =
        "' is not allowed; expected per-user, shared or pool:N with N a whole number from 1 to"
            + " 10000 (webhooks in flight at once)";
    for (String bad : List.of("pool:0", "pool:x", "keepalive", "pool:", "pool:10001", "")) {
      rejects(
          Map.of("http.connections", bad), "config error: http.connections = '" + bad + allowed);
    }
    // A profile's own key is checked with the rest of the configuration, before any run.
    rejects(
        Map.of("mixed.connections", "pool:-1"),
        "config error: mixed.connections = 'pool:-1" + allowed);
  }

  @Test
  void theStressStairIsTheLevelRunOrRampedUpToThenZeroInRecovery() {
    // 3 levels of 10 s joined by ramps of 5 s, then recovery: levels start at 0, 15 and 30 s.
    StressShape stress =
        LoadProfiles.STRESS.shapeIn(
            with(
                Map.of(
                    "stress.levels", 3,
                    "stress.levelDuration", "10s",
                    "stress.rampDuration", "5s",
                    "stress.recoveryDuration", "10s")));
    assertThat(stress.stairAt(Duration.ZERO)).hasValue(1);
    assertThat(stress.stairAt(Duration.ofSeconds(9))).hasValue(1);
    assertThat(stress.stairAt(Duration.ofSeconds(12))).as("ramping to the second").hasValue(2);
    assertThat(stress.stairAt(Duration.ofSeconds(39))).hasValue(3);
    assertThat(stress.stairAt(Duration.ofSeconds(40))).as("recovery").hasValue(0);
    assertThat(LoadProfiles.SOAK.shapeIn(with(Map.of())).stairAt(Duration.ZERO))
        .as("no stairs")
        .isEmpty();
  }

  @Test
  void unknownFaultModeNamesKeyValueAndChoices() {
    rejects(
        Map.of("engine.fault", "explode"),
        "config error: engine.fault = 'explode' is not allowed; expected one of none, drop-after-ack, duplicate, stuck, fail-step, orphan, bad-event-log, accept-unsigned, leak-cross-tenant, no-answer, skip-step, unreadable-step, untagged-run, hot-row, no-skip-locked");
  }

  @Test
  void negativeRateIsRejected() {
    rejects(
        Map.of("smoke.rate", -5),
        "config error: smoke.rate = '-5.0' is not allowed; expected a number > 0");
  }

  @Test
  void wrongTypeIsRejectedWithTheValueAsGiven() {
    rejects(
        Map.of("engine.faultEvery", "often"),
        "config error: engine.faultEvery = 'often' is not allowed; expected an integer");
    rejects(
        Map.of("engine.faultEvery", 0),
        "config error: engine.faultEvery = '0' is not allowed; expected an integer >= 1");
  }

  @Test
  void malformedUrlIsRejected() {
    rejects(
        Map.of("target.url", "127.0.0.1:8080"),
        "config error: target.url = '127.0.0.1:8080' is not allowed; expected one absolute http://"
            + " or https:// URL, or several separated by commas, such as"
            + " http://127.0.0.1:8080,http://127.0.0.1:8081");
    rejects(
        Map.of("target.url", "http://127.0.0.1:8080", "target.jdbcUrl", "postgres://x"),
        "config error: target.jdbcUrl = 'postgres://x' is not allowed; expected a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/postgres");
  }

  @Test
  void aDeploymentNeedsItsDatabaseAndSecret() {
    assertThatThrownBy(() -> with(Map.of("target.url", "http://127.0.0.1:8080")))
        .hasMessageStartingWith("config error: target.jdbcUrl = '' is not allowed");
    assertThatThrownBy(
            () ->
                with(
                    Map.of(
                        "target.url",
                        "http://127.0.0.1:8080",
                        "target.jdbcUrl",
                        "jdbc:postgresql://127.0.0.1/x")))
        .hasMessageStartingWith("config error: target.webhookSecret = '' is not allowed");
  }

  @Test
  void nonLoopbackTargetNeedsAnExplicitOptIn() {
    Map<String, Object> remote =
        Map.of(
            "target.url",
            "http://192.0.2.10:8080",
            "target.jdbcUrl",
            "jdbc:postgresql://192.0.2.10/x",
            "target.webhookSecret",
            "s");
    assertThatThrownBy(() -> with(remote))
        .hasMessageStartingWith(
            "config error: target.url = 'http://192.0.2.10:8080' is not allowed; expected a loopback address");
    SuiteConfig local =
        with(
            Map.of(
                "target.url",
                "http://localhost:8080/",
                "target.jdbcUrl",
                "jdbc:postgresql://127.0.0.1/x",
                "target.webhookSecret",
                "s"));
    assertThat(local.target().url()).isEqualTo("http://localhost:8080");
    assertThat(local.target().embedded()).isFalse();
  }

  @Test
  void severalUrlsAreTheReplicasOfOneDeploymentEachCheckedForLoopback() {
    Map<String, Object> deployment =
        Map.of(
            "target.url",
            "http://127.0.0.1:8080, http://localhost:8081/",
            "target.jdbcUrl",
            "jdbc:postgresql://127.0.0.1/x",
            "target.webhookSecret",
            "s");
    SuiteConfig replicas = with(deployment);
    assertThat(replicas.target().urls())
        .containsExactly("http://127.0.0.1:8080", "http://localhost:8081");
    assertThat(replicas.target().url()).isEqualTo("http://127.0.0.1:8080");
    Map<String, Object> oneRemote = new java.util.HashMap<>(deployment);
    oneRemote.put("target.url", "http://127.0.0.1:8080,http://192.0.2.10:8080");
    assertThatThrownBy(() -> with(oneRemote))
        .hasMessage(
            "config error: target.url = 'http://127.0.0.1:8080,http://192.0.2.10:8080' is not"
                + " allowed; expected a loopback address (127.0.0.0/8, ::1, localhost) for every"
                + " URL, which http://192.0.2.10:8080 is not; set -Dtarget.allowNonLoopback=true to"
                + " load another host on purpose");
    rejects(
        Map.of("target.url", "http://127.0.0.1:8080,"),
        "config error: target.url = 'http://127.0.0.1:8080,' is not allowed; expected one absolute"
            + " http:// or https:// URL, or several separated by commas, such as"
            + " http://127.0.0.1:8080,http://127.0.0.1:8081");
  }

  @Test
  void theEngineHomeIsAFolderWhereverTheUserPutsIt() {
    assertThat(with(Map.of()).engine().home()).isEqualTo(Path.of("target", "meshhook-engine"));
    assertThat(with(Map.of("engine.home", "/tmp/big-disk/engines")).engine().home())
        .isEqualTo(Path.of("/tmp/big-disk/engines"));
    rejects(
        Map.of("engine.home", " "),
        "config error: engine.home = ' ' is not allowed; expected a folder's path (a folder that"
            + " exists, or none by that name)");
    // pom.xml is a file: engines cannot live under it.
    rejects(
        Map.of("engine.home", "pom.xml"),
        "config error: engine.home = 'pom.xml' is not allowed; expected a folder's path (a folder"
            + " that exists, or none by that name)");
  }

  @Test
  void theEmbeddedEngineRunsOneToEightReplicas() {
    assertThat(with(Map.of()).target().replicas()).isEqualTo(1);
    assertThat(with(Map.of("engine.replicas", 2)).target().replicas()).isEqualTo(2);
    rejects(
        Map.of("engine.replicas", 0),
        "config error: engine.replicas = '0' is not allowed; expected an integer from 1 to 8");
    rejects(
        Map.of("engine.replicas", 9),
        "config error: engine.replicas = '9' is not allowed; expected an integer from 1 to 8");
  }

  @Test
  void durationsOutsideTheirRangeAreRejected() {
    rejects(
        Map.of("smoke.duration", "5m"),
        "config error: smoke.duration = '5m' is not allowed; expected a duration from 1 s to 1 min");
    rejects(
        Map.of("verify.drainTimeout", "soon"),
        "config error: verify.drainTimeout = 'soon' is not allowed; expected a duration such as 30s, 2m or 500ms");
  }

  @Test
  void secretsPrintMasked() {
    SuiteConfig config = with(Map.of("target.webhookSecret", "hunter2", "target.dbPassword", "pw"));
    assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("=pw");
    assertThat(config.target().webhookSecret().reveal()).isEqualTo("hunter2");
  }

  @Test
  void unknownWorkflowInTheFeederFileIsNamed() {
    WorkflowMix mix = WorkflowMix.load("workflows.csv");
    assertThatThrownBy(
            () -> mix.requireKnown(List.of("order-created", "user-signup"), "workflows.csv"))
        .isInstanceOf(ConfigError.class)
        .hasMessage(
            "config error: feeder.workflows (workflows.csv) = 'invoice-paid, payment-settled, report-requested, ticket-opened'"
                + " is not allowed; expected workflows the target publishes: order-created, user-signup");
  }

  @Test
  void missingFeederFileIsNamed() {
    assertThatThrownBy(() -> WorkflowMix.load("nope.csv"))
        .hasMessage(
            "config error: feeder.workflows = 'nope.csv' is not allowed; expected a CSV file on the test classpath (src/test/resources)");
  }

  @Test
  void quickModeTakesEachProfilesQuickBlockAndKeepsItWithinAMinute() {
    SuiteConfig full = with(Map.of());
    assertThat(LoadProfiles.LOAD.shapeIn(full).duration()).isEqualTo(Duration.ofMinutes(10));
    SuiteConfig quick = with(Map.of("quick", true));
    assertThat(
            LoadProfiles.LOAD
                .shapeIn(quick)
                .rampDuration()
                .plus(LoadProfiles.LOAD.shapeIn(quick).duration()))
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(LoadProfiles.LOAD.shapeIn(quick).rate())
        .isEqualTo(LoadProfiles.LOAD.shapeIn(full).rate());
    rejects(
        Map.of("quick", true, "load.quick.duration", "55s"),
        "config error: load.quick.duration = '55 s' is not allowed; expected at most 50 s so that ramp + steady phase stay within 1 min");
    rejects(
        Map.of("load.rate", 0),
        "config error: load.rate = '0.0' is not allowed; expected a number > 0");
    rejects(
        Map.of("quick", true, "spike.quick.burstDuration", "40s"),
        "config error: spike.quick.burstDuration = '40 s' is not allowed; expected at most 30 s so that base + burst + base stay within 1 min");
    rejects(
        Map.of("spike.factor", 0.5),
        "config error: spike.factor = '0.5' is not allowed; expected a number >= 1 (the burst is this many times the base rate)");
    rejects(
        Map.of("load.thresholds.minSuccessPercent", 120),
        "config error: load.thresholds.minSuccessPercent = '120.0' is not allowed; expected a number from 0.0 to 100.0");
  }

  @Test
  void everyProfileFitsAMinuteInQuickModeAndKeepsItsShape() {
    SuiteConfig quick = with(Map.of("quick", true));
    StressShape stress = LoadProfiles.STRESS.shapeIn(quick);
    assertThat(stress.stairsEnd().plus(stress.recoveryDuration()))
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(stress.rateOf(0)).isEqualTo(5);
    assertThat(stress.rateOf(stress.levels() - 1)).isGreaterThan(50);
    assertThat(
            LoadProfiles.SOAK
                .shapeIn(quick)
                .rampDuration()
                .plus(LoadProfiles.SOAK.shapeIn(quick).duration()))
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(
            LoadProfiles.CONCURRENCY
                .shapeIn(quick)
                .levelDuration()
                .multipliedBy(LoadProfiles.CONCURRENCY.shapeIn(quick).levels().size()))
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(
            LoadProfiles.MIXED
                .shapeIn(quick)
                .rampDuration()
                .plus(LoadProfiles.MIXED.shapeIn(quick).duration()))
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(
            LoadProfiles.LIVE_LOGS
                .shapeIn(quick)
                .rampDuration()
                .plus(LoadProfiles.LIVE_LOGS.shapeIn(quick).duration()))
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(LoadProfiles.HEALTH.shapeIn(quick).duration())
        .isLessThanOrEqualTo(Duration.ofMinutes(1));
    SuiteConfig full = with(Map.of());
    assertThat(LoadProfiles.CONCURRENCY.shapeIn(full).levels())
        .containsExactly(10, 100, 1000, 10000);
    assertThat(LoadProfiles.SOAK.shapeIn(full).duration()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void wrongProfileKnobsNameKeyValueAndWhatIsAllowed() {
    rejects(
        Map.of("stress.levels", 0),
        "config error: stress.levels = '0' is not allowed; expected an integer >= 1");
    rejects(
        Map.of("stress.step", -5),
        "config error: stress.step = '-5.0' is not allowed; expected a number > 0");
    rejects(
        Map.of("quick", true, "stress.quick.levels", 8),
        "config error: stress.quick.levelDuration = '6 s' is not allowed; expected a shorter duration: 8 levels, their ramps and the recovery"
            + " phase take 77 s together, and may take at most 1 min");
    rejects(
        Map.of("concurrency.levels", "10,lots"),
        "config error: concurrency.levels = '10,lots' is not allowed; expected a comma-separated list of integers >= 1, such as 10,100,1000");
    rejects(
        Map.of("concurrency.levels", "10,0"),
        "config error: concurrency.levels = '10,0' is not allowed; expected a comma-separated list of integers >= 1, such as 10,100,1000");
    rejects(
        Map.of("mixed.weights.health", -5),
        "config error: mixed.weights.health = '-5.0' is not allowed; expected a number from 0.0 to 1000000.0");
    rejects(
        Map.of("mixed.weights.webhook", 0),
        "config error: mixed.weights.webhook = '0.0' is not allowed; expected a weight > 0: the other operations read the runs the webhooks create");
    rejects(
        Map.of("soak.window", "1h"),
        "config error: soak.window = '1 h' is not allowed; expected at most a third of soak.duration (2 h): a slope needs three windows");
    rejects(
        Map.of("health.users", 0),
        "config error: health.users = '0' is not allowed; expected an integer >= 1");
    rejects(
        Map.of("livelogs.rate", -1),
        "config error: livelogs.rate = '-1.0' is not allowed; expected a number > 0");
  }

  @Test
  void mixedWeightsAreNormalisedToPercentages() {
    MixedShape mixed = LoadProfiles.MIXED.shapeIn(with(Map.of()));
    assertThat(mixed.percentages().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(100, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(mixed.percentages().get("webhook"))
        .isCloseTo(66.67, org.assertj.core.data.Offset.offset(0.01));
    assertThat(mixed.percentages().get("health"))
        .isCloseTo(4.76, org.assertj.core.data.Offset.offset(0.01));
    assertThat(mixed.toString()).contains("webhook 66.7 %", "health 4.8 %");
  }
}
