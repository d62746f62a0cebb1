package dev.meshhook.load.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.testing.GatlingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real smoke runs into one reports folder, as a nightly job makes them: a clean one (the
 * baseline), one whose engine leaves runs stuck (fails verification), and one whose engine starts
 * every run 6 s late (passes verification, fails as a regression of end-to-end p99). The run index
 * lists all three, newest first, and keeps the row of the folder that reports.keep pruned.
 */
@Tag("side-by-side")
class LoadIndexIT {
  private static final Pattern ROW =
      Pattern.compile("<tr class=\"run (\\w+)\" data-folder=\"([^\"]+)\">");
  // Short runs; one earlier passing run is baseline enough here (the default wants three).
  private static final List<String> SHORT =
      List.of(
          "smoke.rampDuration=1s",
          "smoke.duration=5s",
          "verify.drainTimeout=15s",
          "regression.minRuns=1");

  @TempDir Path reports;

  @Test
  void theIndexListsEveryRunNewestFirstWithTheFaultyAndTheSlowRunFailed() throws Exception {
    GatlingRun.Result clean = run();
    assertThat(clean.exitCode()).as(clean.output()).isZero();
    assertThat(clean.output())
        .contains("regression: NONE - no baseline yet (0 earlier passing runs of smoke, 1 needed)");

    GatlingRun.Result stuck =
        run("engine.fault=stuck", "engine.faultEvery=5", "verify.drainTimeout=3s");
    assertThat(stuck.exitCode()).as(stuck.output()).isNotZero();

    GatlingRun.Result slow = run("engine.runDelay=6s", "reports.keep=2");
    assertThat(slow.exitCode()).as(slow.output()).isNotZero();
    assertThat(slow.output())
        .contains("verification: PASS")
        .contains("verify: regression: count of failed events is 0.0 : false");

    String cleanFolder = name(clean);
    String stuckFolder = name(stuck);
    String slowFolder = name(slow);
    String index = Files.readString(reports.resolve("index.html"));
    assertThat(rows(index))
        .containsExactly("fail " + slowFolder, "fail " + stuckFolder, "pass " + cleanFolder);
    assertThat(row(index, stuckFolder)).contains("verification fail");
    assertThat(row(index, slowFolder))
        .contains("verification pass")
        .contains("end-to-end p99")
        .contains("fail");
    // reports.keep=2 pruned the oldest folder after the third run; its row stays, marked deleted.
    assertThat(reports.resolve(cleanFolder)).doesNotExist();
    assertThat(row(index, cleanFolder)).contains("deleted").doesNotContain("href=");
    assertThat(row(index, slowFolder)).contains("href=\"" + slowFolder + "/verification.html\"");
    assertThat(Files.readAllLines(reports.resolve("history.jsonl"))).hasSize(3);
    assertThat(index).contains("<h3 id=\"trend-smoke\">");

    JsonNode results =
        new ObjectMapper().readTree(slow.folder().orElseThrow().resolve("results.json").toFile());
    assertThat(results.path("regression").path("level").asText()).isEqualTo("fail");
    assertThat(results.path("regression").path("baseline").asText())
        .isEqualTo("median of the last 1 passing run of smoke");
    JsonNode endToEnd = null;
    for (JsonNode r : results.path("regression").path("rows")) {
      if (r.path("figure").asText().equals("end-to-end p99")) {
        endToEnd = r;
      }
    }
    assertThat(endToEnd).isNotNull();
    assertThat(endToEnd.path("level").asText()).isEqualTo("fail");
    assertThat(endToEnd.path("value").asDouble()).isGreaterThanOrEqualTo(6_000);
    assertThat(Files.readString(slow.folder().orElseThrow().resolve("junit.xml")))
        .contains("<testcase classname=\"smoke.regression\" name=\"end-to-end p99\">")
        .contains("<failure message=\"end-to-end p99 ");
  }

  private GatlingRun.Result run(String... extra) throws Exception {
    List<String> properties = new ArrayList<>(SHORT);
    properties.addAll(List.of(extra));
    return GatlingRun.run(SmokeSimulation.class, reports, properties.toArray(String[]::new));
  }

  private static String name(GatlingRun.Result result) {
    return result.folder().orElseThrow().getFileName().toString();
  }

  private static List<String> rows(String html) {
    List<String> rows = new ArrayList<>();
    Matcher m = ROW.matcher(html);
    while (m.find()) {
      rows.add(m.group(1) + " " + m.group(2));
    }
    return rows;
  }

  private static String row(String html, String folder) {
    String from = html.substring(html.indexOf("data-folder=\"" + folder + "\""));
    return from.substring(0, from.indexOf("</tr>"));
  }
}
