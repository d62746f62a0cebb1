package dev.meshhook.load.engine.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.engine.store.EngineDatabase;
import org.junit.jupiter.api.Test;

class WorkflowDefinitionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static WorkflowDefinition parse(String json) throws Exception {
    return WorkflowDefinition.parse(JSON.readTree(json));
  }

  private static void invalid(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(WorkflowDefinition.Invalid.class)
        .hasMessageContaining(message);
  }

  @Test
  void parsesEveryNodeKind() throws Exception {
    WorkflowDefinition d =
        parse(
            """
        {"steps": [
          {"id": "t", "type": "transform", "set": {"total": "input.amount"}},
          {"id": "b", "type": "branch", "cases": [{"when": "total > `10`", "goto": "big"}], "default": "small"},
          {"id": "small", "type": "terminate"},
          {"id": "big", "type": "http_call", "path": "/sink/flaky-1", "retries": 2, "saveAs": "answer"},
          {"id": "d", "type": "delay", "ms": 5},
          {"id": "f", "type": "fail", "when": "answer.error"},
          {"id": "end", "type": "terminate", "outcome": "failed", "error": "nope"}]}""");
    assertThat(d.steps())
        .extracting(WorkflowDefinition.Step::type)
        .containsExactly(
            "transform", "branch", "terminate", "http_call", "delay", "fail", "terminate");
    WorkflowDefinition.Branch branch = (WorkflowDefinition.Branch) d.steps().get(1);
    assertThat(branch.cases().get(0).target()).isEqualTo(3);
    assertThat(branch.otherwise()).isEqualTo(2);
    WorkflowDefinition.HttpCall call = (WorkflowDefinition.HttpCall) d.steps().get(3);
    assertThat(call.timeoutMs()).isEqualTo(1000);
    assertThat(call.backoffMs()).isEqualTo(50);
  }

  @Test
  void everySeededWorkflowIsValid() throws Exception {
    String seed = EngineDatabase.resource("db/seed.sql");
    var m =
        java.util.regex.Pattern.compile("'(\\{\"steps\".*?\\})'\\)", java.util.regex.Pattern.DOTALL)
            .matcher(seed);
    int found = 0;
    while (m.find()) {
      parse(m.group(1).replace("''", "'"));
      found++;
    }
    assertThat(found).isEqualTo(7);
  }

  @Test
  void rejectsWhatCannotRun() {
    invalid("{}", "'steps' (or 'nodes') must be a non-empty array");
    invalid("{\"steps\": [{\"type\": \"sleep\"}]}", "unknown type 'sleep'");
    invalid(
        "{\"steps\": [{\"id\": \"a\", \"type\": \"delay\", \"ms\": 1}, {\"id\": \"a\", \"type\": \"delay\", \"ms\": 1}]}",
        "'a' is used twice");
    invalid(
        "{\"steps\": [{\"type\": \"transform\", \"set\": {\"x\": \"a[\"}}]}",
        "is not valid JMESPath");
    invalid(
        "{\"steps\": [{\"type\": \"transform\", \"set\": {\"input\": \"a\"}}]}",
        "'input' is not a field name");
    invalid(
        "{\"steps\": [{\"type\": \"branch\", \"cases\": [{\"when\": \"a\", \"goto\": \"nowhere\"}], \"default\": \"nowhere\"}]}",
        "goto 'nowhere' names no step");
    invalid(
        "{\"steps\": [{\"type\": \"http_call\", \"path\": \"http://example.com/\"}]}",
        "must be /sink/<name>");
    invalid("{\"steps\": [{\"type\": \"delay\"}]}", "'ms' is required");
    invalid(
        "{\"steps\": [{\"type\": \"http_call\", \"path\": \"/sink/a\", \"retries\": 99}]}",
        "'retries' must be an integer from 0 to 10");
    invalid(
        "{\"steps\": [{\"type\": \"terminate\", \"outcome\": \"maybe\"}]}",
        "outcome must be 'succeeded' or 'failed'");
  }
}
