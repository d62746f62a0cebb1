package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.config.SuiteConfig;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.ledger.LoadLedger;
import dev.meshhook.load.testing.BrowserPage;
import dev.meshhook.load.testing.GatlingRun;
import dev.meshhook.load.testing.HeadlessChromium;
import dev.meshhook.load.verification.Verification;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports as a person sees them: a real smoke run's verification report and Gatling's report
 * opened in headless Chromium (Debian's, installed by scripts/install-browser.sh), checked for
 * charts painted, numbers shown, links that lead somewhere and no script errors. The index across
 * runs ({@code reports/index.html}) is checked the same way when the run wrote one.
 */
@Tag("side-by-side")
class ReportsInBrowserIT {
  private static HeadlessChromium browser;

  @TempDir Path reports;

  @BeforeAll
  static void startBrowser() {
    Assumptions.assumeFalse(Boolean.getBoolean("browser.skip"), "browser.skip=true");
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void quitBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void aSmokeRunsReportsRenderWithChartsNumbersAndWorkingLinks() throws Exception {
    GatlingRun.Result result =
        GatlingRun.runWithGatlingReport(
            SmokeSimulation.class,
            reports,
            "smoke.rampDuration=1s",
            "smoke.duration=5s",
            "verify.drainTimeout=10s");
    assertThat(result.exitCode()).as(result.output()).isZero();
    Path folder = result.folder().orElseThrow();
    JsonNode verification =
        new ObjectMapper().readTree(folder.resolve("verification.json").toFile());

    BrowserPage report = browser.open(folder.resolve("verification.html"));
    assertThat(report.consoleErrors()).as("script errors in verification.html").isEmpty();
    // e2e, throughput, answers, then CPU, heap, connections, queue, database size from the sampler
    assertThat(report.js("return window.meshhookCharts.length")).isEqualTo(8L);
    assertThat(report.canvasesRendered()).isGreaterThanOrEqualTo(8);
    assertThat(report.canvases()).allSatisfy(c -> assertThat(c.width()).isPositive());
    assertThat(report.text())
        .contains("End-to-end latency")
        .contains("Throughput")
        .contains("Engine heap")
        .contains("HTTP 202");
    // uPlot paints axis labels on the canvas: ask each chart for its title, axis labels and legend.
    assertThat(
            report.js(
                """
        return window.meshhookCharts.filter(u => u.root.querySelector('.u-title').textContent.length > 0
          && u.axes[0].label === 'seconds since start (s)' && u.axes[1].label.length > 0
          && u.root.querySelectorAll('.u-legend .u-series').length === u.series.length).length;"""))
        .isEqualTo(8L);
    assertThat(report.tableWithHeader("sent").get("sent"))
        .isEqualTo(
            String.format(Locale.ROOT, "%,d", verification.path("counts").path("sent").asLong()));
    assertThat(report.assertLinksResolve()).isEmpty();
    assertThat(report.links()).contains("index.html");

    BrowserPage gatling = browser.open(folder.resolve("index.html"));
    assertThat(gatling.consoleErrors()).as("script errors in Gatling's index.html").isEmpty();
    assertThat(gatling.svgChartsRendered()).as("Gatling's charts").isPositive();
    assertThat(gatling.text()).contains("smoke: signed webhooks");
    gatling.assertLinksResolve();

    // The index across runs: this run's row, its trend charts drawn, every link opening.
    Path index = reports.resolve("index.html");
    assertThat(index).isRegularFile();
    BrowserPage runs = browser.open(index);
    assertThat(runs.consoleErrors()).as("script errors in reports/index.html").isEmpty();
    assertThat(runs.text()).contains("smoke").containsPattern("\\d+ ms");
    assertThat(runs.svgChartsRendered())
        .as("trend charts drawn in reports/index.html")
        .isPositive();
    assertThat(runs.links())
        .contains(
            folder.getFileName() + "/verification.html", folder.getFileName() + "/index.html");
    runs.assertLinksResolve();
  }

  @Test
  void faultBandsAreDrawnOnEveryTimelineOfAChaosRun() throws Exception {
    Path folder = Files.createDirectories(reports.resolve("chaossimulation-1"));
    long t0 = System.currentTimeMillis() - 60_000;
    try (LoadLedger ledger = LoadLedger.create(folder.resolve(LoadLedger.FILE_NAME), "tagb")) {
      for (int i = 0; i < 40; i++) {
        ledger.sent("tagb-i-" + i, "order-created", t0 + i * 250L, 202);
        ledger.answered("tagb-i-" + i, i >= 12 && i < 20 ? 0 : 202, t0 + i * 250L + 20, null);
      }
    }
    StringBuilder samples =
        new StringBuilder(
            "epochMs\theapMb\toldGenMb\tliveDataMb\tcpuPercent\tpoolActive\tpoolPending\tqueueDepth\tdbConnections\tdbSizeMb\n");
    for (int s = 0; s < 10; s++) {
      samples.append(
          String.format(
              Locale.ROOT,
              "%d\t%d\t40.0\t0.0\t%d\t2\t0\t%d\t9\t8.25%n",
              t0 + s * 1000L,
              100 + s,
              10 * s % 70,
              s % 4));
    }
    Files.writeString(folder.resolve(ResourceSampler.FILE_NAME), samples);
    FaultLog faults = new FaultLog(folder);
    faults.record(
        new FaultLog.Fault("engine-kill", t0 + 3_000, t0 + 5_000, "engine pid 1 killed with -9"));
    faults.record(
        new FaultLog.Fault("connection-kill", t0 + 7_000, t0 + 7_100, "3 connections terminated"));

    // No database here: the verdict is unknown, and the charts show what the files hold.
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Verification.run(
        folder,
        new HistoryReader("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "nobody", ""),
        new SuiteConfig.Verify(Duration.ofSeconds(1), 10, SuiteConfig.Allowed.NONE),
        new Verification.Profile(
            "ChaosSimulation", "nowhere", new SuiteConfig.Thresholds(2000, 5000, 1, 90), 0.2));

    BrowserPage report = browser.open(folder.resolve("verification.html"));
    assertThat(report.consoleErrors()).isEmpty();
    @SuppressWarnings("unchecked")
    List<Long> bands =
        (List<Long>) report.js("return window.meshhookCharts.map(u => u.faultBandsDrawn || 0);");
    assertThat(bands)
        .hasSize(8)
        .allSatisfy(
            n -> assertThat(n).as("fault bands drawn on a chart").isGreaterThanOrEqualTo(2));
    assertThat(report.text())
        .contains("engine-kill")
        .contains("connection-kill")
        .contains("3 connections terminated");
  }

  @Test
  void theChecksSeeAScriptErrorABrokenLinkAndABlankCanvas() throws Exception {
    Path page = reports.resolve("broken.html");
    Files.writeString(
        page,
        "<!doctype html><html><body><a href=\"missing.html\">gone</a><canvas width=\"50\" height=\"50\"></canvas>"
            + "<script>throw new Error('on purpose');</script></body></html>");

    BrowserPage broken = browser.open(page);

    assertThat(broken.consoleErrors()).anySatisfy(e -> assertThat(e).contains("on purpose"));
    assertThat(broken.canvases())
        .singleElement()
        .satisfies(c -> assertThat(c.paintedPixels()).isZero());
    assertThat(broken.canvasesRendered()).isZero();
    assertThatThrownBy(broken::assertLinksResolve).hasMessageContaining("missing.html");
  }
}
