package dev.meshhook.load.run;

import dev.meshhook.load.config.Connections;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhooks a {@code pool:N} run lets be in flight at once: N slots, one taken before a webhook
 * is sent and given back once it is answered (or failed). Gatling cannot cap its shared pool (its
 * {@code maxConnectionsPerHost} bounds only the concurrent resource fetches of one virtual user),
 * so the cap is here: a webhook that finds every slot taken waits, as it would behind a proxy or a
 * queue worker with N connections, and the shared pool never needs more than N connections at once.
 * Without a pool every webhook goes at once.
 */
public final class WebhookSlots {
  /** How long a waiting webhook pauses before it asks again, while no more than N wait. */
  static final Duration LOOK_EVERY = Duration.ofMillis(2);

  // Null: unlimited.
  private final Semaphore slots;
  private final int size;
  private final AtomicInteger waiting = new AtomicInteger();

  WebhookSlots(Connections connections) {
    this.size = connections.mode() == Connections.Mode.POOL ? connections.pool() : 0;
    this.slots = size > 0 ? new Semaphore(size) : null;
  }

  /** Whether webhooks wait for a slot (a {@code pool:N} run). */
  public boolean limited() {
    return slots != null;
  }

  /** Takes a slot if one is free; false: the webhook waits and asks again. */
  public boolean take(Session session) {
    return slots == null || slots.tryAcquire();
  }

  /** A webhook found every slot taken and starts waiting. */
  public Session startWaiting(Session session) {
    waiting.incrementAndGet();
    return session;
  }

  /** A waiting webhook got its slot. */
  public Session stopWaiting(Session session) {
    waiting.decrementAndGet();
    return session;
  }

  /**
   * How long a waiting webhook pauses before it asks again: {@link #LOOK_EVERY}, times the waiting
   * webhooks per slot. The looks of all waiting webhooks together stay about N every 2 ms however
   * long the queue grows (a queue of thousands behind a slow target, each looking every 2 ms, would
   * spend the injector's CPU on asking), while a short queue still gets a free slot within about 2
   * ms.
   */
  public Duration nextLook(Session session) {
    return LOOK_EVERY.multipliedBy(Math.max(1, waiting.get() / Math.max(1, size)));
  }

  /** Gives the webhook's slot back, once it has its answer (or failed). */
  public Session giveBack(Session session) {
    if (slots != null) {
      slots.release();
    }
    return session;
  }
}
