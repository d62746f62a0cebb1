package dev.meshhook.load.feeders;

import dev.meshhook.load.contract.WebhookHeaders;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.ledger.ProbeClass;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds each webhook probe: a valid webhook of the workflow mix with exactly one thing wrong, the
 * thing its class names, so that the target has exactly one reason to refuse it. The signers stay
 * in memory; a probe carries a signature, never the secret.
 */
public final class WebhookProbes {
  /** One probe's request: where it goes, its content type, bytes and headers. */
  public record Request(
      String slug,
      String contentType,
      byte[] body,
      String signatureHeader,
      String signature,
      String idempotencyKey) {
    /** No signature header at all (the class that checks unsigned requests). */
    public boolean unsigned() {
      return signatureHeader == null;
    }
  }

  private final WebhookSigner signer;
  private final WebhookSigner otherSecret;
  private final int maxBodyBytes;

  /**
   * @param maxBodyBytes the target's body limit; body-over-limit probes send 1 KiB more
   */
  public WebhookProbes(WebhookSigner signer, WebhookSigner otherSecret, int maxBodyBytes) {
    this.signer = signer;
    this.otherSecret = otherSecret;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A probe of a webhook class ({@link ProbeClass.Kind#WEBHOOK}), for this entry of the mix. */
  public Request request(ProbeClass c, WorkflowMix.Entry entry, String loadId, long seq) {
    byte[] valid = entry.payload().render(loadId, seq).getBytes(StandardCharsets.UTF_8);
    String json = "application/json";
    return switch (c) {
      case NO_SIGNATURE -> new Request(entry.workflow(), json, valid, null, null, null);
      case WRONG_SIGNATURE ->
          signedWith(entry.workflow(), json, valid, WebhookSigner.PREFIX + randomHex(32));
      case OTHER_BODY_SIGNATURE ->
          signedWith(
              entry.workflow(),
              json,
              valid,
              signer.sign(
                  entry
                      .payload()
                      .render(loadId + "-other", seq + 1)
                      .getBytes(StandardCharsets.UTF_8)));
      case HUB_SIGNATURE_OTHER_SECRET ->
          new Request(
              entry.workflow(),
              json,
              valid,
              WebhookHeaders.HUB_SIGNATURE,
              otherSecret.sign(valid),
              null);
      case UNKNOWN_SLUG -> signed("no-such-workflow-" + loadId, json, valid);
      case BODY_OVER_LIMIT -> signed(entry.workflow(), json, oversized(loadId));
      case NOT_JSON ->
          signed(
              entry.workflow(),
              json,
              ("{\"loadId\": \"" + loadId + "\", not json").getBytes(StandardCharsets.UTF_8));
      case WRONG_CONTENT_TYPE -> signed(entry.workflow(), "application/xml", valid);
      case INVALID_UTF8 -> signed(entry.workflow(), json, invalidUtf8(loadId));
      case IDEMPOTENCY_KEY_REUSED, OVER_RATE_LIMIT ->
          signed(entry.workflow(), json, valid); // valid on their own; how they are sent is wrong
      case CROSS_TENANT_READ, CROSS_TENANT_LIST, CROSS_TENANT_FOLLOW, NO_TOKEN, MALFORMED_TOKEN ->
          throw new IllegalArgumentException(c.flag() + " is no webhook probe");
    };
  }

  /** A valid, correctly signed webhook with an Idempotency-Key. */
  public Request withKey(Request request, String key) {
    return new Request(
        request.slug(),
        request.contentType(),
        request.body(),
        request.signatureHeader(),
        request.signature(),
        key);
  }

  private Request signed(String slug, String contentType, byte[] body) {
    return signedWith(slug, contentType, body, signer.sign(body));
  }

  private static Request signedWith(
      String slug, String contentType, byte[] body, String signature) {
    return new Request(slug, contentType, body, WebhookHeaders.SIGNATURE, signature, null);
  }

  /** Valid JSON, 1 KiB over the limit: too large is its only fault. */
  private byte[] oversized(String loadId) {
    String head = "{\"loadId\":\"" + loadId + "\",\"padding\":\"";
    String tail = "\"}";
    int padding = maxBodyBytes + 1024 - head.length() - tail.length();
    char[] pad = new char[Math.max(0, padding)];
    Arrays.fill(pad, 'a');
    return (head + new String(pad) + tail).getBytes(StandardCharsets.UTF_8);
  }

  /** JSON whose string holds 0xC3 0x28: a lead byte followed by no continuation byte. */
  private static byte[] invalidUtf8(String loadId) {
    byte[] head = ("{\"loadId\":\"" + loadId + "\",\"name\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28};
    byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(bad, 0, body, head.length, bad.length);
    System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
    return body;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
