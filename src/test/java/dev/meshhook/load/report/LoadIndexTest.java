package dev.meshhook.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.testing.Loads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadIndexTest {
  private static final Pattern ROW =
      Pattern.compile("<tr class=\"run (\\w+)\" data-folder=\"([^\"]+)\">");

  @TempDir Path reports;

  @Test
  void fourRunsMakeFourRowsNewestFirstWithTheFailedOneMarked() throws Exception {
    LoadHistory history = new LoadHistory(reports);
    // Appended out of order on purpose: the index sorts by start time, not by line.
    history.append(Loads.passing("smokesimulation-2", "2026-11-21T02:00:00Z", 10, 200, 400));
    history.append(Loads.passing("smokesimulation-1", "2026-11-20T02:00:00Z", 10, 210, 410));
    history.append(
        Loads.run("loadsimulation-3", "load", "2026-11-22T02:00:00Z", "fail", 40, 900, 3_000));
    history.append(Loads.passing("smokesimulation-4", "2026-11-23T02:00:00Z", 11, 190, 380));
    for (LoadSummary r : history.read()) {
      Files.createDirectories(reports.resolve(r.folder()));
      // Gatling's log (its report comes after the index is written), except in the one folder of
      // a run of several injectors, which has none.
      if (!r.folder().equals("smokesimulation-2")) {
        Files.writeString(reports.resolve(r.folder()).resolve("simulation.log"), "");
      }
    }

    String html = Files.readString(LoadIndex.write(reports, history.read()));

    assertThat(rows(html))
        .containsExactly(
            "pass smokesimulation-4",
            "fail loadsimulation-3",
            "pass smokesimulation-2",
            "pass smokesimulation-1");
    assertThat(html)
        .contains("<span class=\"status fail\">fail</span>")
        .contains("<a href=\"smokesimulation-4/index.html\">Gatling</a>")
        .contains("<a href=\"smokesimulation-4/verification.html\">verification</a>")
        .contains("2026-11-23 02:00")
        .contains("abc1234");
    String merged = html.substring(html.indexOf("data-folder=\"smokesimulation-2\""));
    merged = merged.substring(0, merged.indexOf("</tr>"));
    assertThat(merged)
        .contains("<a href=\"smokesimulation-2/verification.html\">verification</a>")
        .doesNotContain("Gatling");
  }

  @Test
  void aDeletedFolderKeepsItsRowMarkedDeleted() throws Exception {
    LoadHistory history = new LoadHistory(reports);
    history.append(Loads.passing("smokesimulation-1", "2026-11-20T02:00:00Z", 10, 210, 410));
    history.append(Loads.passing("smokesimulation-2", "2026-11-21T02:00:00Z", 10, 200, 400));
    Files.createDirectories(reports.resolve("smokesimulation-2"));
    Files.writeString(reports.resolve("smokesimulation-2/simulation.log"), "");
    // smokesimulation-1's folder was deleted by hand (never created here).

    String html = Files.readString(LoadIndex.write(reports, history.read()));

    assertThat(rows(html)).containsExactly("pass smokesimulation-2", "pass smokesimulation-1");
    String deletedRow = html.substring(html.indexOf("data-folder=\"smokesimulation-1\""));
    deletedRow = deletedRow.substring(0, deletedRow.indexOf("</tr>"));
    assertThat(deletedRow).contains("<span class=deleted>deleted</span>").doesNotContain("href=");
    assertThat(html).contains("href=\"smokesimulation-2/index.html\"");
  }

  @Test
  void aStressRunsRowNamesItsBottleneckAndOthersLeaveTheCellEmpty() {
    LoadSummary smoke = Loads.passing("smokesimulation-1", "2026-11-20T02:00:00Z", 10, 200, 400);
    LoadSummary s =
        Loads.run("stresssimulation-1", "stress", "2026-11-21T02:00:00Z", "pass", 50, 90, 100);
    LoadSummary stress =
        new LoadSummary(
            s.schema(),
            s.folder(),
            s.simulation(),
            s.profile(),
            s.startedAt(),
            s.commit(),
            s.target(),
            s.status(),
            s.verification(),
            s.classification(),
            s.regression(),
            s.regressionNote(),
            s.figures(),
            "rate-limit at 245/s");
    String html = LoadIndex.html(reports, List.of(smoke, stress));
    assertThat(html).contains("<th class=l>bottleneck</th>");
    String stressRow = html.substring(html.indexOf("data-folder=\"stresssimulation-1\""));
    assertThat(stressRow.substring(0, stressRow.indexOf("</tr>")))
        .contains("<td class=l>rate-limit at 245/s</td>");
    String smokeRow = html.substring(html.indexOf("data-folder=\"smokesimulation-1\""));
    assertThat(smokeRow.substring(0, smokeRow.indexOf("</tr>"))).contains("<td class=l></td>");
  }

  @Test
  void threeVerifiedRunsOfAProfileMakeATrendOfThreePointsAndABrokenRunIsLeftOut() {
    LoadSummary slower = Loads.passing("smokesimulation-3", "2026-11-22T02:00:00Z", 9, 260, 500);
    // Verified, but the regression check failed it: exactly what a trend is for, drawn red.
    slower =
        new LoadSummary(
            slower.schema(),
            slower.folder(),
            slower.simulation(),
            slower.profile(),
            slower.startedAt(),
            slower.commit(),
            slower.target(),
            "fail",
            "pass",
            "pass",
            "fail",
            "end-to-end p99 +25 %",
            slower.figures(),
            null);
    List<LoadSummary> runs =
        List.of(
            Loads.passing("smokesimulation-1", "2026-11-20T02:00:00Z", 10, 200, 400),
            Loads.passing("smokesimulation-2", "2026-11-21T02:00:00Z", 12, 220, 450),
            slower,
            Loads.run(
                "smokesimulation-4", "smoke", "2026-11-22T03:00:00Z", "fail", 9, 9_999, 9_999),
            Loads.run("loadsimulation-1", "load", "2026-11-22T03:00:00Z", "pass", 50, 900, 1_000));

    String html = LoadIndex.html(reports, runs);

    String smoke =
        html.substring(
            html.indexOf("<h3 id=\"trend-smoke\">"),
            html.indexOf("<h3 id=\"trend-load\">") > html.indexOf("<h3 id=\"trend-smoke\">")
                ? html.indexOf("<h3 id=\"trend-load\">")
                : html.length());
    String p99 = smoke.substring(smoke.indexOf("webhook p99 (ms)"));
    p99 = p99.substring(0, p99.indexOf("</svg>"));
    assertThat(count(p99, "<circle")).isEqualTo(3);
    assertThat(count(p99, "<polyline")).isEqualTo(1);
    // Oldest left; each point titled with its run and value, the regression's point marked as
    // failed.
    assertThat(p99)
        .containsSubsequence(
            "smokesimulation-1: 200 ms (pass)",
            "smokesimulation-2: 220 ms (pass)",
            "smokesimulation-3: 260 ms (fail)");
    assertThat(p99)
        .contains("class=\"point fail\"")
        .contains(">ms</text>")
        .doesNotContain("smokesimulation-4");
    assertThat(smoke).contains("1 run not drawn: verification did not pass.");
    assertThat(count(smoke, "<svg"))
        .isEqualTo(7); // throughput, p95, p99, end-to-end p99, availability, lost, duplicated
    assertThat(smoke).contains("availability (%)");
    assertThat(html).contains("<h3 id=\"trend-load\">");
  }

  @Test
  void aHistoryLineFromBeforeAvailabilityWasMeasuredReadsAsNotMeasuredNeverZero() throws Exception {
    LoadSummary run = Loads.passing("smokesimulation-1", "2026-11-20T02:00:00Z", 10, 200, 400);
    String line =
        LoadHistory.JSON.writeValueAsString(run).replace(",\"availabilityPercent\":null", "");
    assertThat(line).doesNotContain("availabilityPercent");
    Files.writeString(reports.resolve(LoadHistory.FILE_NAME), line + "\n");
    assertThat(new LoadHistory(reports).read().get(0).figures().availabilityPercent()).isNaN();
  }

  @Test
  void runsFoundOnlyInTheirFoldersJoinTheHistory() throws Exception {
    LoadSummary lonely = Loads.passing("smokesimulation-9", "2026-11-20T02:00:00Z", 10, 210, 410);
    Path folder = Files.createDirectories(reports.resolve(lonely.folder()));
    Files.writeString(
        folder.resolve(ResultsJson.FILE_NAME),
        "{\"schema\": \""
            + ResultsJson.SCHEMA
            + "\", \"summary\": "
            + LoadHistory.JSON.writeValueAsString(lonely)
            + "}");

    LoadHistory history = new LoadHistory(reports);
    assertThat(history.readWithFolders())
        .extracting(LoadSummary::folder)
        .containsExactly("smokesimulation-9");
    assertThat(history.read())
        .extracting(LoadSummary::folder)
        .containsExactly("smokesimulation-9"); // now written down
  }

  @Test
  void aRunVerifiedAgainReplacesItsRowInsteadOfAddingOne() {
    LoadHistory history = new LoadHistory(reports);
    history.append(
        Loads.run("smokesimulation-1", "smoke", "2026-11-20T02:00:00Z", "unknown", 10, 210, 410));
    history.append(Loads.passing("smokesimulation-2", "2026-11-21T02:00:00Z", 10, 200, 400));
    history.append(
        Loads.passing(
            "smokesimulation-1", "2026-11-20T02:00:00Z", 10, 210, 410)); // mvn -Preverify, later

    assertThat(history.read())
        .extracting(r -> r.folder() + " " + r.verification())
        .containsExactly("smokesimulation-1 pass", "smokesimulation-2 pass");
  }

  @Test
  void aBrokenHistoryLineIsSkippedNotFatal() throws Exception {
    LoadHistory history = new LoadHistory(reports);
    history.append(Loads.passing("smokesimulation-1", "2026-11-20T02:00:00Z", 10, 210, 410));
    Files.writeString(
        history.file(), "{\"folder\": \"half a li", java.nio.file.StandardOpenOption.APPEND);
    assertThat(history.read()).extracting(LoadSummary::folder).containsExactly("smokesimulation-1");
  }

  @Test
  void aTrendLeavesOutARunWithoutTheFigureInsteadOfDrawingIt() throws Exception {
    LoadHistory history = new LoadHistory(reports);
    history.append(Loads.passing("smokesimulation-1", "2026-11-20T02:00:00Z", 10, 210, 410));
    history.append(Loads.passing("smokesimulation-2", "2026-11-21T02:00:00Z", 10, 200, Double.NaN));

    String html = Files.readString(LoadIndex.write(reports, history.read()));

    String endToEnd = html.substring(html.indexOf("aria-label=\"end-to-end p99 (ms)\""));
    endToEnd = endToEnd.substring(0, endToEnd.indexOf("</svg>"));
    assertThat(count(endToEnd, "<circle")).isEqualTo(1);
    assertThat(count(endToEnd, "smokesimulation-2")).isZero();
    assertThat(html).doesNotContain("NaN");
  }

  @Test
  void textFromTheHistoryIsEscapedOnceInTheTableTheLinksAndTheCharts() throws Exception {
    LoadSummary s = Loads.passing("run&<1>", "2026-11-20T02:00:00Z", 10, 200, 400);
    LoadSummary odd =
        new LoadSummary(
            s.schema(),
            s.folder(),
            s.simulation(),
            "a&b<c>",
            s.startedAt(),
            s.commit(),
            s.target(),
            s.status(),
            s.verification(),
            s.classification(),
            s.regression(),
            "\"quoted\" & 'single'",
            s.figures(),
            "pool <max>");
    Files.createDirectories(reports.resolve(odd.folder()));

    String html = LoadIndex.html(reports, List.of(odd));

    assertThat(html)
        .contains("data-folder=\"run&amp;&lt;1&gt;\"")
        .contains("<a href=\"run&amp;&lt;1&gt;/verification.html\">verification</a>")
        .contains("<h3 id=\"trend-a&amp;b&lt;c&gt;\">a&amp;b&lt;c&gt;</h3>")
        .contains("<td class=l>pool &lt;max&gt;</td>")
        .contains("&quot;quoted&quot; &amp; &#39;single&#39;")
        .contains("<title>2026-11-20 02:00 run&amp;&lt;1&gt;: 200 ms (pass)</title>")
        .doesNotContain("&amp;amp;")
        .endsWith("</body></html>\n");
  }

  private static List<String> rows(String html) {
    Matcher m = ROW.matcher(html);
    List<String> rows = new java.util.ArrayList<>();
    while (m.find()) {
      rows.add(m.group(1) + " " + m.group(2));
    }
    return rows;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aFigureWithoutAValueIsNullInTheHistoryNotApplicableInTheIndexAndUnknownStaysUnknown()
      throws Exception {
    LoadHistory history = new LoadHistory(reports);
    history.append(Loads.passing("smokesimulation-1", "2026-11-20T02:00:00Z", 10, 210, 410));
    history.append(
        Loads.run(
            "smokesimulation-2", "smoke", "2026-11-21T02:00:00Z", "unknown", 10, 200, Double.NaN));

    assertThat(Files.readAllLines(history.file()).get(1)).contains("\"endToEndP99Ms\":null");
    LoadSummary read = history.read().get(1);
    assertThat(read.figures().endToEndP99Ms()).as("read back as no value, not 0").isNaN();
    assertThat(read.status()).isEqualTo("unknown");
    String html = Files.readString(LoadIndex.write(reports, history.read()));
    assertThat(rows(html)).containsExactly("unknown smokesimulation-2", "pass smokesimulation-1");
    String row = html.substring(html.indexOf("data-folder=\"smokesimulation-2\""));
    row = row.substring(0, row.indexOf("</tr>"));
    assertThat(row)
        .contains("<span class=\"status unknown\">unknown</span>")
        .contains("<td>n/a</td>")
        .doesNotContain(">0 ms<");
  }
}
