package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.figures.Bottleneck;
import dev.meshhook.load.figures.ScalingFigures;
import dev.meshhook.load.figures.Usl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingReportTest {
  @Test
  void theSectionShowsTheConsolesTableAndTheUslVerdictWithWhy() {
    Bottleneck.Named cpu =
        new Bottleneck.Named(
            Bottleneck.Resource.ENGINE_CPU, 250, "250/s", List.of("CPU 95 % > 80 %"), Map.of());
    ScalingFigures.Point one = new ScalingFigures.Point(1, 250, 240, 1, true, cpu);
    Usl usl = Usl.fit(List.of(new Usl.Point(1, 240)));
    String html =
        ScalingReport.html(
            new ScalingFigures.Result(List.of(one), usl, Usl.Verdict.UNKNOWN, "one count", 2));
    assertThat(html)
        .startsWith("<h2>Scaling out</h2>\n<p class=\"scaling\">scaling: unknown - one count;")
        .contains(
            "<tr><td>1</td><td>250/s</td><td>240 runs/s</td><td>1.00</td>"
                + "<td>engine-cpu at 250/s (CPU 95 % &gt; 80 %)</td></tr>\n</table>\n")
        .endsWith(
            "<p class=\"scaling-usl\">USL over replica counts: unknown - "
                + usl.reason()
                + "</p>\n");
  }
}
