package dev.meshhook.load.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsHtmlTest {
  @TempDir Path folder;

  private static final Timelines TIMELINES =
      new Timelines(
          1_700_000_000_000L,
          1,
          List.of(
              new Timeline(
                  "e2e",
                  "End-to-end </script> latency",
                  "ms",
                  new double[] {0, 1, 2},
                  List.of(new TimelineSeries("p99", new double[] {12.3456, Double.NaN, 7})),
                  null),
              Timeline.note("resources", "Resources", "", "no resource samples in this run")),
          List.of(new FaultBand("engine-kill", 1.5, 2.5, "engine pid 7 killed with -9")));

  @Test
  void theDataGoInlineAsJsonWithGapsAsNullAndCannotEndTheScriptElement() throws Exception {
    String json = ChartsHtml.json(TIMELINES);
    assertThat(json).doesNotContain("</script>");
    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.path("charts")).hasSize(1); // the note is text in the page, not a chart
    JsonNode e2e = root.path("charts").get(0);
    assertThat(e2e.path("title").asText()).isEqualTo("End-to-end </script> latency");
    assertThat(e2e.path("unit").asText()).isEqualTo("ms");
    assertThat(e2e.path("series").get(0).path("values").toString()).isEqualTo("[12.346,null,7]");
    assertThat(root.path("faults").get(0).path("kind").asText()).isEqualTo("engine-kill");
    assertThat(root.path("faults").get(0).path("from").asDouble()).isEqualTo(1.5);
  }

  @Test
  void theSectionHasAPlaceForEveryChartANoteForTheEmptyOnesAndTheFaultsAsATable() {
    String html = ChartsHtml.section(TIMELINES);
    assertThat(html)
        .contains("<div class=\"chart\" id=\"chart-e2e\"></div>")
        .contains("no resource samples in this run")
        .contains("<td class=l>engine-kill</td><td>1.5 s</td><td>2.5 s</td><td>1.0 s</td>")
        .contains("<script src=\"lib/uPlot.iife.min.js\"></script>")
        .contains("<script src=\"lib/timelines.js\"></script>");
    assertThat(ChartsHtml.head()).contains("href=\"lib/uPlot.min.css\"");
  }

  @Test
  void theAssetsAreCopiedFromTheClasspathSoTheReportOpensOffline() {
    ChartAssets.copyInto(folder);
    assertThat(folder.resolve("lib/uPlot.iife.min.js"))
        .isNotEmptyFile()
        .content()
        .contains("uPlot");
    assertThat(folder.resolve("lib/uPlot.min.css")).isNotEmptyFile();
    assertThat(folder.resolve("lib/timelines.js"))
        .isNotEmptyFile()
        .content()
        .contains("timelines-data");
    assertThat(folder.resolve("lib/uPlot.LICENSE")).isNotEmptyFile();
  }
}
