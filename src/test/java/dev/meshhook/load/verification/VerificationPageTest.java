package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.charts.ReportTimelines;
import dev.meshhook.load.checker.Verdict;
import dev.meshhook.load.figures.Classification;
import dev.meshhook.load.figures.HttpFigures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationPageTest {
  @TempDir Path folder;

  @Test
  void aSectionAddedAgainReplacesItsEarlierCopyWhereItWas() throws Exception {
    VerificationPage page = write();
    VerificationReport.addSection(
        folder,
        "first",
        m -> m.createObjectNode().put("n", 1),
        "first",
        "<h2>First</h2><p>one</p>",
        VerificationPage.Place.END);
    VerificationReport.addSection(
        folder,
        "second",
        m -> m.createObjectNode(),
        "second",
        "<h2>Second</h2>",
        VerificationPage.Place.END);
    page.add(
        "first",
        new ObjectMapper().createObjectNode().put("n", 2),
        new VerificationPage.Section("first", VerificationPage.Place.END, "<p>two</p>"));

    String html = html();
    assertThat(html)
        .containsOnlyOnce("<!-- first --><p>two</p><!-- /first --><!-- second -->")
        .doesNotContain("<p>one</p>")
        .endsWith("<!-- /second --></body></html>\n");
    JsonNode json = new ObjectMapper().readTree(folder.resolve(VerificationReport.JSON).toFile());
    assertThat(json.path("first").path("n").asInt()).isEqualTo(2);
    assertThat(json.path("outcome").asText()).isEqualTo("unknown");
  }

  @Test
  void aSectionAfterTheSummaryComesBeforeTheFirstHeading() throws Exception {
    write();
    VerificationReport.addSection(
        folder,
        "injectors",
        m -> m.createArrayNode(),
        "injectors",
        "<h2>Injectors</h2>",
        VerificationPage.Place.AFTER_SUMMARY);

    String html = html();
    int at = html.indexOf("<!-- injectors --><h2>Injectors</h2><!-- /injectors -->");
    assertThat(at).isPositive();
    assertThat(html.substring(0, at)).doesNotContain("<h2>").endsWith("</table>");
  }

  @Test
  void onlyAPageThisProcessWroteTakesASection() throws Exception {
    Files.writeString(folder.resolve(VerificationReport.HTML), "<html><body></body></html>");
    assertThat(VerificationPage.writtenInto(folder)).isEmpty();
    assertThatThrownBy(() -> VerificationReport.addJson(folder, "k", m -> m.createObjectNode()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no verification report was written into " + folder);
    assertThat(html()).isEqualTo("<html><body></body></html>");
  }

  private VerificationPage write() {
    return new VerificationReport()
        .write(
            folder,
            Verdict.unknown("tag", "nothing judged"),
            HttpFigures.of(List.of()),
            Classification.of(List.of()),
            new VerificationReport.Context(
                "SmokeSimulation", "embedded", "ledger", Instant.ofEpochMilli(0), 1),
            ReportTimelines.of(List.of(), List.of(), List.of(), List.of()));
  }

  private String html() throws Exception {
    return Files.readString(folder.resolve(VerificationReport.HTML), StandardCharsets.UTF_8);
  }
}
