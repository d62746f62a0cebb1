package dev.meshhook.load.run;

import dev.meshhook.load.feeders.WebhookFeeder;
import dev.meshhook.load.figures.WebhookLatency;

/**
 * Session keys and stable request/group names, in one place so assertions and reports can key on
 * them.
 */
public final class Keys {
  // The webhook feeder's fields, named by the feeder that writes them.
  public static final String LOAD_ID = WebhookFeeder.LOAD_ID;

  /**
   * Where Gatling keeps the base URL its round robin ({@code baseUrls}) gave the virtual user:
   * Gatling's own session attribute (BaseUrlSupport), read, never written, so the ledger can say
   * which replica each webhook went to. ReplicasIT fails if a Gatling upgrade renames it.
   */
  static final String GATLING_BASE_URL = "gatling.http.cache.baseUrl";

  public static final String TENANT = WebhookFeeder.TENANT;
  public static final String SLUG = WebhookFeeder.SLUG;
  public static final String BODY = WebhookFeeder.BODY;
  public static final String BAD_SIGNATURE = WebhookFeeder.BAD_SIGNATURE;
  public static final String EXPECTED_STATUS = WebhookFeeder.EXPECTED_STATUS;
  public static final String STATUS = "status";
  public static final String RESPONSE = "response";
  public static final String RESPONSE_MILLIS = "responseMillis";
  public static final String RETRY_AFTER = "retryAfter";
  public static final String SENT_AT = "sentAt";
  public static final String ANSWERED_AT = "answeredAt";
  public static final String RUN_ID = "runId";
  public static final String RUN_TENANT = "runTenant";
  public static final String STREAM = "stream";
  public static final String STREAM_CONNECTED_AT = "streamConnectedAt";
  public static final String STREAM_ENDED = "streamEnded";
  public static final String STREAM_LAST_EVENT = "streamLastEvent";

  /** Request name of a correctly signed webhook (named where Gatling's records are read back). */
  public static final String WEBHOOK = WebhookLatency.WEBHOOK;

  /** Request name of a webhook signed wrongly on purpose (expects 401). */
  public static final String WEBHOOK_BAD_SIGNATURE = WebhookLatency.WEBHOOK_BAD_SIGNATURE;

  /** Prefix of the groups that carry each verification verdict into Gatling's report. */
  public static final String VERIFY_GROUP_PREFIX = "verify: ";

  private Keys() {}
}
