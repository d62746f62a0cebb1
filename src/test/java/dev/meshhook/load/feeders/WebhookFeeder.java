package dev.meshhook.load.feeders;

import dev.meshhook.load.scenarios.Keys;
import java.util.Iterator;
import java.util.Map;

/**
 * One record per webhook, generated on demand so it never runs dry: load id, tenant, workflow,
 * rendered JSON body and whether it is sent with a wrong signature on purpose.
 */
public final class WebhookFeeder implements Iterator<Map<String, Object>> {
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
        Keys.LOAD_ID,
        loadId,
        Keys.TENANT,
        entry.tenant(),
        Keys.SLUG,
        entry.workflow(),
        Keys.BODY,
        entry.payload().render(loadId, seq),
        Keys.BAD_SIGNATURE,
        badSignature,
        Keys.EXPECTED_STATUS,
        badSignature ? 401 : 202);
  }
}
