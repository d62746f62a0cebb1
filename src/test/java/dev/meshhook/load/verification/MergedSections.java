package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The merged verification report's table of injectors: what each sent and had accepted, whether it
 * finished, and a link to its own Gatling report. Added after the report is written, like the
 * webhook latency section.
 */
final class MergedSections {
  private MergedSections() {}

  static void addInjectors(Path folder, List<MergedRun.Injector> injectors) {
    // First thing after the verdict's summary: which injectors the verdict is made of.
    VerificationReport.addSection(
        folder,
        "injectors",
        mapper -> json(mapper, injectors),
        "injectors",
        html(injectors),
        "<h2>");
  }

  static ArrayNode json(ObjectMapper mapper, List<MergedRun.Injector> injectors) {
    ArrayNode rows = mapper.createArrayNode();
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
    return rows;
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
