package dev.meshhook.load.contract;

/** Header names of the webhook contract (DESIGN.md, "Webhook HTTP contract"). */
public final class WebhookHeaders {
  public static final String SIGNATURE = "X-Signature";
  public static final String HUB_SIGNATURE = "X-Hub-Signature-256";

  /** Correlates a request with the run it created; stored lower-cased in {@code run_created}. */
  public static final String LOAD_ID = "X-MeshHook-Load-Id";

  public static final String LOAD_ID_STORED = LOAD_ID.toLowerCase(java.util.Locale.ROOT);

  private WebhookHeaders() {}
}
