package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.html.Templates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    Map<String, Object> model = new HashMap<>();
    model.put("injectors", injectors);
    model.put("sent", injectors.stream().mapToLong(MergedRun.Injector::sent).sum());
    model.put("accepted", injectors.stream().mapToLong(MergedRun.Injector::accepted).sum());
    return Templates.render("verification-injectors", model);
  }
}
