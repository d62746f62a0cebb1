package dev.meshhook.load.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.checker.WorkflowSteps;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The engine's parser and the checker's reading of the definition format are separate code on
 * purpose; this holds that they agree on every definition the engine ships with: the same steps,
 * kinds, jump targets and the values re-execution compares.
 */
class DefinitionReadingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theEngineAndTheCheckerReadEverySeededDefinitionAlike() throws Exception {
    List<JsonNode> definitions = seeded();
    assertThat(definitions).as("definitions in db/seed.sql").hasSizeGreaterThanOrEqualTo(5);
    for (JsonNode json : definitions) {
      List<WorkflowDefinition.Step> engine = WorkflowDefinition.parse(json).steps();
      List<WorkflowSteps.Step> checker = WorkflowSteps.read(json).steps();
      assertThat(checker).as(json.toString()).hasSameSizeAs(engine);
      for (int i = 0; i < engine.size(); i++) {
        WorkflowDefinition.Step e = engine.get(i);
        WorkflowSteps.Step c = checker.get(i);
        assertThat(c.id()).isEqualTo(e.id());
        assertThat(c.type()).isEqualTo(e.type());
        if (e instanceof WorkflowDefinition.Transform t) {
          assertThat(c.set().keySet()).containsExactlyElementsOf(t.set().keySet());
        } else if (e instanceof WorkflowDefinition.Branch b) {
          assertThat(c.otherwise()).isEqualTo(b.otherwise());
          assertThat(c.cases())
              .extracting(WorkflowSteps.Case::target)
              .containsExactlyElementsOf(
                  b.cases().stream().map(WorkflowDefinition.Case::target).toList());
        } else if (e instanceof WorkflowDefinition.HttpCall h) {
          assertThat(c.saveAs()).isEqualTo(h.saveAs());
        } else if (e instanceof WorkflowDefinition.Delay d) {
          assertThat(c.ms()).isEqualTo(d.ms());
        } else if (e instanceof WorkflowDefinition.Terminate t) {
          assertThat(c.success()).isEqualTo(t.success());
        } else if (e instanceof WorkflowDefinition.Fail f) {
          assertThat(c.when() == null).isEqualTo(f.when() == null);
        }
      }
    }
  }

  /** The JSON literals of db/seed.sql's workflow_definitions rows. */
  private static List<JsonNode> seeded() throws Exception {
    String sql;
    try (InputStream in =
        DefinitionReadingsTest.class.getClassLoader().getResourceAsStream("db/seed.sql")) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<JsonNode> found = new ArrayList<>();
    Matcher m = Pattern.compile("'(\\{\"steps\":(?:[^']|'')*)'").matcher(sql);
    while (m.find()) {
      found.add(JSON.readTree(m.group(1).replace("''", "'")));
    }
    return found;
  }
}
