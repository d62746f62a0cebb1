package dev.meshhook.load.feeders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.ledger.LoadIds;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookFeederTest {
  private final WorkflowMix mix = WorkflowMix.load("workflows.csv");

  @Test
  void idsAreUniqueAndCarryRunTagAndInjector() {
    WebhookFeeder a = new WebhookFeeder(new LoadIds("tag1", "inj1"), mix, 0);
    WebhookFeeder b = new WebhookFeeder(new LoadIds("tag1", "inj2"), mix, 0);
    Set<Object> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(a.next().get(WebhookFeeder.LOAD_ID));
      ids.add(b.next().get(WebhookFeeder.LOAD_ID));
    }
    assertThat(ids).hasSize(2000).contains("tag1-inj1-1", "tag1-inj2-1000");
    assertThat(a.hasNext()).isTrue();
  }

  @Test
  void workflowsFollowTheirWeightsExactlyOverAFullCycle() {
    WebhookFeeder feeder = new WebhookFeeder(new LoadIds("tag", "i"), mix, 0);
    Map<Object, Integer> seen = new HashMap<>();
    for (int i = 0; i < 1200; i++) {
      seen.merge(feeder.next().get(WebhookFeeder.SLUG), 1, Integer::sum);
    }
    // weights 4,2,2,2,1,1 of 12
    assertThat(seen)
        .containsEntry("order-created", 400)
        .containsEntry("user-signup", 200)
        .containsEntry("payment-settled", 200)
        .containsEntry("invoice-paid", 200)
        .containsEntry("ticket-opened", 100)
        .containsEntry("report-requested", 100);
  }

  @Test
  void bodiesAreJsonCarryingTheLoadIdAndBadSignaturesAreEveryNth() throws Exception {
    WebhookFeeder feeder = new WebhookFeeder(new LoadIds("tag", "i"), mix, 4);
    int bad = 0;
    for (int i = 1; i <= 40; i++) {
      Map<String, Object> record = feeder.next();
      var body = new ObjectMapper().readTree((String) record.get(WebhookFeeder.BODY));
      assertThat(body.path("loadId").asText()).isEqualTo(record.get(WebhookFeeder.LOAD_ID));
      assertThat(body.path("simulateFailure").asBoolean(true)).isFalse();
      if ((Boolean) record.get(WebhookFeeder.BAD_SIGNATURE)) {
        bad++;
        assertThat(record.get(WebhookFeeder.EXPECTED_STATUS)).isEqualTo(401);
      }
    }
    assertThat(bad).isEqualTo(10);
  }
}
