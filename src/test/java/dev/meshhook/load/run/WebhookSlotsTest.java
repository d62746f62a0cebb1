package dev.meshhook.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.Connections;
import org.junit.jupiter.api.Test;

class WebhookSlotsTest {
  @Test
  void aPoolLetsNWebhooksBeInFlightAndTheNextWaitsForOneToBeGivenBack() {
    WebhookSlots slots = new WebhookSlots(new Connections(Connections.Mode.POOL, 2));
    assertThat(slots.limited()).isTrue();
    assertThat(slots.take(null)).isTrue();
    assertThat(slots.take(null)).isTrue();
    assertThat(slots.take(null)).as("a third webhook while two are in flight").isFalse();
    slots.giveBack(null);
    assertThat(slots.take(null)).isTrue();
  }

  @Test
  void aLongQueueLooksLessOftenSoThatAllItsLooksStayAboutNEveryLook() {
    WebhookSlots slots = new WebhookSlots(new Connections(Connections.Mode.POOL, 4));
    assertThat(slots.nextLook(null)).isEqualTo(WebhookSlots.LOOK_EVERY);
    for (int i = 0; i < 4_000; i++) {
      slots.startWaiting(null);
    }
    assertThat(slots.nextLook(null)).isEqualTo(WebhookSlots.LOOK_EVERY.multipliedBy(1_000));
    for (int i = 0; i < 3_998; i++) {
      slots.stopWaiting(null);
    }
    assertThat(slots.nextLook(null)).isEqualTo(WebhookSlots.LOOK_EVERY);
  }

  @Test
  void perUserAndSharedConnectionsLetEveryWebhookGoAtOnce() {
    for (Connections c : new Connections[] {Connections.PER_USER, Connections.SHARED}) {
      WebhookSlots slots = new WebhookSlots(c);
      assertThat(slots.limited()).isFalse();
      for (int i = 0; i < 1000; i++) {
        assertThat(slots.take(null)).isTrue();
      }
    }
  }
}
