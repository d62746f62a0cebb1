package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The merged verification report's table of injectors: what each sent and had accepted, whether it
 * finished, and a link to its own Gatling report. Added after the report is written, like the
 * webhook latency section.
 */
final class MergedSections {
  static final String START = "<!-- injectors -->";
  static final String END = "<!-- /injectors -->";

  private MergedSections() {}

  static void addInjectors(Path folder, List<MergedRun.Injector> injectors) {
    Path jsonFile = folder.resolve(VerificationReport.JSON);
    Path htmlFile = folder.resolve(VerificationReport.HTML);
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = (ObjectNode) mapper.readTree(jsonFile.toFile());
      ArrayNode rows = root.putArray("injectors");
      for (MergedRun.Injector i : injectors) {
        ObjectNode row =
            rows.addObject()
                .put("index", i.index())
                .put("state", i.state().label())
                .put("sent", i.sent())
                .put("accepted", i.accepted())
                .put("unanswered", i.unanswered());
        row.put("gatlingReport", i.gatlingReport());
        row.put("folder", i.folder() == null ? null : i.folder().toString());
        row.put("why", i.why());
      }
      Files.writeString(jsonFile, mapper.writeValueAsString(root), StandardCharsets.UTF_8);
      String html = Files.readString(htmlFile, StandardCharsets.UTF_8);
      String section = START + html(injectors) + END;
      // First thing after the verdict's summary: which injectors the verdict is made of.
      int at = html.indexOf("<h2>");
      html =
          at < 0
              ? html.replace("</body>", section + "</body>")
              : html.substring(0, at) + section + html.substring(at);
      Files.writeString(htmlFile, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot add the injectors to the reports in " + folder, e);
    }
  }

  static String html(List<MergedRun.Injector> injectors) {
    StringBuilder b = new StringBuilder();
    long sent = injectors.stream().mapToLong(MergedRun.Injector::sent).sum();
    long accepted = injectors.stream().mapToLong(MergedRun.Injector::accepted).sum();
    b.append("<h2>Injectors</h2><p>")
        .append(injectors.size())
        .append(" injectors of one run tag, merged: every figure below is over the union of their")
        .append(" requests.</p><table><tr><th>injector</th><th class=l>state</th><th>sent</th>")
        .append("<th>accepted</th><th>unanswered</th><th class=l>Gatling report</th></tr>");
    for (MergedRun.Injector i : injectors) {
      b.append("<tr><td>")
          .append(i.index())
          .append("</td><td class=l>")
          .append(VerificationReport.esc(i.state().label()))
          .append(i.why() == null ? "" : ": " + VerificationReport.esc(i.why()))
          .append("</td><td>")
          .append(i.sent())
          .append("</td><td>")
          .append(i.accepted())
          .append("</td><td>")
          .append(i.unanswered())
          .append("</td><td class=l>");
      if (i.gatlingReport() != null) {
        String href = VerificationReport.esc(i.gatlingReport());
        b.append("<a href=\"").append(href).append("\">").append(href).append("</a>");
      } else {
        b.append("none");
      }
      b.append("</td></tr>");
    }
    b.append("<tr><th>all</th><td></td><th>")
        .append(sent)
        .append("</th><th>")
        .append(accepted)
        .append("</th><td></td><td></td></tr></table>");
    return b.toString();
  }
}
