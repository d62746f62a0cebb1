package dev.meshhook.load.feeders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.ledger.ProbeClass;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each webhook probe has exactly the one fault its class names, and nothing else wrong. */
class WebhookProbesTest {
  private final WebhookSigner signer = new WebhookSigner("secret");
  private final WebhookSigner other = new WebhookSigner("secret-not");
  private final WebhookProbes probes = new WebhookProbes(signer, other, 4096);
  private final WorkflowMix.Entry entry = WorkflowMix.load("workflows.csv").entries().get(0);

  private WebhookProbes.Request probe(ProbeClass c) {
    return probes.request(c, entry, "t-i-7", 7);
  }

  private static boolean json(byte[] body) {
    try {
      new ObjectMapper().readTree(body);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void signatureProbesAreValidWebhooksWithOnlyTheSignatureWrongOrMissing() {
    WebhookProbes.Request unsigned = probe(ProbeClass.NO_SIGNATURE);
    assertThat(unsigned.unsigned()).isTrue();
    assertThat(json(unsigned.body())).isTrue();
    assertThat(unsigned.slug()).isEqualTo(entry.workflow());
    for (ProbeClass c :
        new ProbeClass[] {
          ProbeClass.WRONG_SIGNATURE,
          ProbeClass.OTHER_BODY_SIGNATURE,
          ProbeClass.HUB_SIGNATURE_OTHER_SECRET
        }) {
      WebhookProbes.Request r = probe(c);
      assertThat(json(r.body())).as(c.flag()).isTrue();
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.signature()).as(c.flag()).startsWith("sha256=");
      assertThat(signer.verify(r.body(), r.signature())).as(c.flag()).isFalse();
    }
    assertThat(probe(ProbeClass.HUB_SIGNATURE_OTHER_SECRET).signatureHeader())
        .isEqualTo(WebhookHeaders.HUB_SIGNATURE);
    WebhookProbes.Request hub = probe(ProbeClass.HUB_SIGNATURE_OTHER_SECRET);
    assertThat(other.verify(hub.body(), hub.signature())).as("made with the other secret").isTrue();
  }

  @Test
  void bodyProbesAreCorrectlySignedSoTheBodyIsTheOnlyFault() throws Exception {
    WebhookProbes.Request big = probe(ProbeClass.BODY_OVER_LIMIT);
    assertThat(big.body()).hasSize(4096 + 1024);
    assertThat(json(big.body())).isTrue();
    WebhookProbes.Request notJson = probe(ProbeClass.NOT_JSON);
    assertThat(json(notJson.body())).isFalse();
    assertThat(notJson.contentType()).isEqualTo("application/json");
    assertThat(probe(ProbeClass.WRONG_CONTENT_TYPE).contentType()).isEqualTo("application/xml");
    byte[] bad = probe(ProbeClass.INVALID_UTF8).body();
    assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bad)))
        .isInstanceOf(CharacterCodingException.class);
    assertThat(probe(ProbeClass.UNKNOWN_SLUG).slug()).startsWith("no-such-workflow-");
    for (ProbeClass c :
        new ProbeClass[] {
          ProbeClass.BODY_OVER_LIMIT,
          ProbeClass.NOT_JSON,
          ProbeClass.WRONG_CONTENT_TYPE,
          ProbeClass.INVALID_UTF8,
          ProbeClass.UNKNOWN_SLUG,
          ProbeClass.IDEMPOTENCY_KEY_REUSED,
          ProbeClass.OVER_RATE_LIMIT
        }) {
      WebhookProbes.Request r = probe(c);
      assertThat(r.signatureHeader()).as(c.flag()).isEqualTo(WebhookHeaders.SIGNATURE);
      assertThat(signer.verify(r.body(), r.signature())).as(c.flag()).isTrue();
    }
  }

  @Test
  void readClassesAreNoWebhookProbes() {
    assertThatThrownBy(() -> probe(ProbeClass.CROSS_TENANT_READ))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(probes.withKey(probe(ProbeClass.IDEMPOTENCY_KEY_REUSED), "k").idempotencyKey())
        .isEqualTo("k");
  }
}
