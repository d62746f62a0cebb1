package dev.meshhook.load.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshhook.load.html.Templates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The merged verification report's table of injectors: what each sent and had accepted, whether it
 * finished, and a link to its own Gatling report. Added after the report is written, like the
 * webhook latency section.
 */
public final class MergedSections {
  private MergedSections() {}

  public static void addInjectors(VerificationPage page, List<MergedRun.Injector> injectors) {
    // First thing after the verdict's summary: which injectors the verdict is made of.
    page.add(
        "injectors",
        json(VerificationPage.JSON, injectors),
        new VerificationPage.Section(
            "injectors", VerificationPage.Place.AFTER_SUMMARY, html(injectors)));
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
