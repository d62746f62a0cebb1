package dev.meshhook.load.feeders;

import dev.meshhook.load.ledger.LoadIds;
import java.util.Iterator;
import java.util.Map;

/**
 * One record per webhook, generated on demand so it never runs dry: load id, tenant, workflow,
 * rendered JSON body and whether it is sent with a wrong signature on purpose.
 */
public final class WebhookFeeder implements Iterator<Map<String, Object>> {
  /**
   * The record's fields; they become Gatling session keys (scenarios' {@code Keys} names them too).
   */
  public static final String LOAD_ID = "loadId";

  public static final String TENANT = "tenant";
  public static final String SLUG = "slug";
  public static final String BODY = "body";
  public static final String BAD_SIGNATURE = "badSignature";
  public static final String EXPECTED_STATUS = "expectedStatus";

  private final LoadIds ids;
  private final WorkflowMix mix;
  private final int badSignatureEvery;

  public WebhookFeeder(LoadIds ids, WorkflowMix mix, int badSignatureEvery) {
    this.ids = ids;
    this.mix = mix;
    this.badSignatureEvery = badSignatureEvery;
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Map<String, Object> next() {
    long seq = ids.nextSeq();
    String loadId = ids.id(seq);
    WorkflowMix.Entry entry = mix.pick(seq);
    boolean badSignature = badSignatureEvery > 0 && seq % badSignatureEvery == 0;
    return Map.of(
        LOAD_ID,
        loadId,
        TENANT,
        entry.tenant(),
        SLUG,
        entry.workflow(),
        BODY,
        entry.payload().render(loadId, seq),
        BAD_SIGNATURE,
        badSignature,
        EXPECTED_STATUS,
        badSignature ? 401 : 202);
  }
}
