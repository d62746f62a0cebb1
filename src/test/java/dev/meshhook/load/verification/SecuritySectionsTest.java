package dev.meshhook.load.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.ProbeCheck;
import dev.meshhook.load.figures.Availability;
import dev.meshhook.load.ledger.ProbeClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecuritySectionsTest {
  private static final Availability.Rule RULE =
      new Availability.Rule(Duration.ZERO, 1500, false, 99.9);

  @Test
  void availabilityListsTheFirstBrokenSecondsAndSaysHowManyThereWere() {
    List<Availability.BrokenSecond> broken = new ArrayList<>();
    for (int i = 0; i <= Availability.LISTED; i++) {
      broken.add(new Availability.BrokenSecond(i, 1234, 1, 0, 2500));
    }
    String html =
        SecuritySections.availabilityHtml(
            new Availability(RULE, 200, 99, 49.5, 90, 50_500, broken, 0));
    assertThat(html)
        .startsWith("<h2>Availability</h2><p>availability 49.50 % of 200 steady s")
        .contains("their p99 was within 1,500 ms.</p><table>")
        .contains(
            "<tr><td>t+0 s</td><td>1,234</td><td>1</td><td>0</td><td>2,500 ms</td>"
                + "<td class=l>1 x 5xx, p99 2,500 ms &gt; 1,500 ms</td></tr>")
        .doesNotContain("<td>t+" + Availability.LISTED + " s</td>")
        .endsWith(
            "</table><p>The first "
                + Availability.LISTED
                + " of "
                + (Availability.LISTED + 1)
                + " seconds are listed.</p>");
  }

  @Test
  void availabilityWithNoBrokenSecondHasNoTable() {
    String html =
        SecuritySections.availabilityHtml(
            new Availability(RULE, 45, 45, 100, 100, 0, List.of(), 0));
    assertThat(html).doesNotContain("<table>").endsWith("within 1,500 ms.</p>");
  }

  @Test
  void probesShowEachClassWithTheCellThatCannotApplyLeftEmpty() {
    ProbeCheck.Row created =
        new ProbeCheck.Row(
            ProbeClass.NO_SIGNATURE,
            3,
            Map.of(202, 3L),
            3,
            3,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            null,
            List.of("load-1 <&>"));
    ProbeCheck.Row notProbed =
        new ProbeCheck.Row(
            ProbeClass.CROSS_TENANT_READ,
            0,
            Map.of(),
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            "no second tenant's run",
            List.of());
    String html = SecuritySections.probesHtml(new ProbeCheck.Result(List.of(created, notProbed)));
    assertThat(html)
        .startsWith(
            "<h2>Security probes <span class=\"badge\" style=\"background:#cf222e\">FAIL</span>"
                + "</h2><p>Each class")
        .contains(
            "<tr><td class=l><code>no-signature</code></td><td class=l>a webhook with no"
                + " signature header</td><td class=l>401</td><td class=\"l bad\">202 x3</td>"
                + "<td>3</td><td class=\"bad\">3</td><td class=\"ok\"></td>"
                + "<td class=\"l bad\">fail</td><td class=l><code>load-1 &lt;&amp;&gt;</code><br>"
                + "</td></tr>")
        .contains(
            "<td class=\"ok\"></td><td class=\"ok\">0</td>"
                + "<td class=\"l\">not probed: no second tenant&#39;s run</td><td class=l></td>")
        .endsWith("</tr></table>");
  }

  @Test
  void probesThatSayNothingAreUnknownWithWhy() {
    String html = SecuritySections.probesHtml(ProbeCheck.Result.missing("no probe ledger"));
    assertThat(html)
        .contains("style=\"background:#9a6700\">UNKNOWN</span></h2>")
        .contains("<p class=bad>Unknown: no probe ledger.</p><p>Each class")
        .endsWith("<th class=l>examples</th></tr></table>");
  }
}
