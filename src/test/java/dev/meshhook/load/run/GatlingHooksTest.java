package dev.meshhook.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatlingHooksTest {
  @Test
  void theRunIdComesFromAJsonBodyThatNamesOneAndFromNoOtherBody() {
    assertThat(GatlingHooks.runId("{\"runId\": \"3f2a\"}")).isEqualTo("3f2a");
    assertThat(GatlingHooks.runId("{\n  \"status\": \"queued\",\n  \"runId\":\"r-1\"\n}"))
        .isEqualTo("r-1");
    // MeshHook's 202 is empty; other bodies name no run.
    assertThat(GatlingHooks.runId("")).isNull();
    assertThat(GatlingHooks.runId("accepted")).isNull();
    assertThat(GatlingHooks.runId("{\"runId\": 42}")).isNull();
    assertThat(GatlingHooks.runId("{\"note\": \"\\\"runId\\\": \\\"fake\\\"\"}")).isNull();
  }
}
