package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshhook.load.testing.DashboardPanels;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.PrometheusServer;
import dev.meshhook.load.testing.VerificationJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Pmixed -Dquick=true}, shortened: weighted operations with their effective shares and
 * figures; the one traffic that exercises every panel of the dashboard, so the same run is watched
 * by a real Prometheus (Debian's, {@code scripts/install-prometheus.sh}) with the checked-in {@code
 * deploy/prometheus/prometheus.yml}, scraping the suite and the engine through the targets the
 * suite writes.
 */
// Judges counts and shares with thresholds of seconds, not speed: side by side with another class.
@Tag("side-by-side")
class MixedSimulationIT {
  @TempDir static Path home;
  private static PrometheusServer prometheus;
  private static Instant startedAt;
  private static Instant endedAt;
  private static GatlingRun.Result result;

  @BeforeAll
  static void runMixedTrafficWatchedByPrometheus() throws Exception {
    Path reports = home.resolve("reports");
    if (!Boolean.getBoolean("prometheus.skip")) {
      // The checked-in config, in the same place relative to the reports, scraping every second
      // instead of every 5 s so that a 12-second run gives a dozen points per series.
      Path config = home.resolve("deploy/prometheus/prometheus.yml");
      Files.createDirectories(config.getParent());
      Files.createDirectories(reports.resolve("live-targets"));
      String checkedIn = Files.readString(Path.of("deploy/prometheus/prometheus.yml"));
      String fast =
          checkedIn
              .replace("scrape_interval: 5s", "scrape_interval: 1s")
              .replace("scrape_timeout: 4s", "scrape_timeout: 1s")
              .replace("refresh_interval: 5s", "refresh_interval: 1s");
      assertThat(fast).as("the intervals this test shortens").doesNotContain(": 5s", ": 4s");
      Files.writeString(config, fast, StandardCharsets.UTF_8);
      prometheus = PrometheusServer.start(config, home);
    }
    startedAt = Instant.now();
    result =
        GatlingRun.run(
            MixedSimulation.class,
            reports,
            "quick=true",
            "mixed.rate=20",
            "mixed.quick.rampDuration=2s",
            "mixed.quick.duration=10s",
            "live.finalScrapeWait=10s");
    endedAt = Instant.now();
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      List<ProcessHandle> processes = prometheus.processes();
      prometheus.close();
      assertThat(processes).allSatisfy(p -> assertThat(p.isAlive()).as("" + p.pid()).isFalse());
    }
  }

  @Test
  void mixedTrafficReportsNormalisedSharesAndEachOperation() throws Exception {
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("webhook 66.7 %", "readRun 9.5 %", "health 4.8 %");
    VerificationJson v = VerificationJson.of(result, "mixedsimulation-");
    assertThat(v.outcome()).isEqualTo("pass");
    assertThat(v.value("share of webhook")).isCloseTo(66.67, within(0.01));
    assertThat(v.value("share of streamLogs")).isCloseTo(9.52, within(0.01));
    assertThat(v.value("read run requests")).isPositive();
    assertThat(v.value("list runs requests")).isPositive();
    assertThat(v.value("health requests")).isPositive();
    assertThat(v.value("streams")).isPositive();
    assertThat(v.value("read run failed") + v.value("list runs failed") + v.value("events missed"))
        .isZero();
  }

  @Test
  void prometheusScrapedTheRunAndEveryDashboardPanelHasData() throws Exception {
    Assumptions.assumeTrue(prometheus != null, "prometheus.skip=true");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("live metrics: final counts scraped");
    VerificationJson v = VerificationJson.of(result, "mixedsimulation-");
    String runTag = v.root().path("runTag").asText();

    // The last value each series had: the targets are gone now, and an instant query after a
    // target's removal sees Prometheus' stale markers, not the final count.
    JsonNode sent =
        prometheus.query(
            "sum(max_over_time(meshhook_load_requests_sent_total{run_tag=\""
                + runTag
                + "\", operation=\"webhook\"}[10m]))",
            Instant.now());
    assertThat(sent).as(prometheus.log()).hasSize(1);
    assertThat(sent.get(0).path("value").get(1).asDouble())
        .as("webhooks sent, as Prometheus scraped them, against the ledger's")
        .isEqualTo((double) v.count("sent"))
        .isPositive();
    JsonNode verdict =
        prometheus.query(
            "max(max_over_time(meshhook_load_verdict{run_tag=\""
                + runTag
                + "\", class=\"completed\"}[10m]))",
            Instant.now());
    assertThat(verdict.get(0).path("value").get(1).asDouble())
        .as("the verdict's completed count, scraped after verification")
        .isEqualTo((double) v.count("completed"));

    DashboardPanels dashboard = DashboardPanels.read(DashboardPanels.DASHBOARD);
    assertThat(dashboard.variables()).contains("run_tag", "injector");
    assertThat(dashboard.queries()).hasSizeGreaterThanOrEqualTo(15);
    assertThat(emptyQueries(dashboard, runTag))
        .as("panels whose query returned no series")
        .isEmpty();

    // The check can fail: one more panel, on a metric nobody exports, is the one reported empty.
    DashboardPanels withBadPanel =
        dashboard.withPanel(
            "a metric nobody exports",
            "sum(rate(meshhook_load_nobody_exports_this_total{run_tag=~\"$run_tag\"}[$__rate_interval]))");
    assertThat(emptyQueries(withBadPanel, runTag)).containsExactly("a metric nobody exports/A");
  }

  /** Each query run over the run's time as Grafana would, for this run tag and every injector. */
  private static List<String> emptyQueries(DashboardPanels dashboard, String runTag) {
    List<String> empty = new ArrayList<>();
    for (DashboardPanels.Query q : dashboard.queries()) {
      JsonNode series =
          prometheus.queryRange(
              q.expanded(runTag, "5s"), startedAt, endedAt, Duration.ofSeconds(1));
      boolean anyPoint = false;
      for (JsonNode s : series) {
        anyPoint |= !s.path("values").isEmpty();
      }
      if (!anyPoint) {
        empty.add(q.panel() + "/" + q.refId());
      }
    }
    return empty;
  }
}
