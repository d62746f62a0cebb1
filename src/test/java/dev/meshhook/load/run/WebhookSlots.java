package dev.meshhook.load.run;

import dev.meshhook.load.config.Connections;
import io.gatling.javaapi.core.Session;
import java.util.concurrent.Semaphore;

/**
 * The webhooks a {@code pool:N} run lets be in flight at once: N slots, one taken before a webhook
 * is sent and given back once it is answered (or failed). Gatling cannot cap its shared pool (its
 * {@code maxConnectionsPerHost} bounds only the concurrent resource fetches of one virtual user),
 * so the cap is here: a webhook that finds every slot taken waits, as it would behind a proxy or a
 * queue worker with N connections, and the shared pool never needs more than N connections at once.
 * Without a pool every webhook goes at once.
 */
public final class WebhookSlots {
  // Null: unlimited.
  private final Semaphore slots;

  WebhookSlots(Connections connections) {
    this.slots =
        connections.mode() == Connections.Mode.POOL ? new Semaphore(connections.pool()) : null;
  }

  /** Whether webhooks wait for a slot (a {@code pool:N} run). */
  public boolean limited() {
    return slots != null;
  }

  /** Takes a slot if one is free; false: the webhook waits and asks again. */
  public boolean take(Session session) {
    return slots == null || slots.tryAcquire();
  }

  /** Gives the webhook's slot back, once it has its answer (or failed). */
  public Session giveBack(Session session) {
    if (slots != null) {
      slots.release();
    }
    return session;
  }
}
