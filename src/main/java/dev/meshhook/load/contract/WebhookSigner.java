package dev.meshhook.load.contract;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature both sides of the contract agree on: {@code sha256=<lower-case hex
 * HMAC-SHA256(secret, raw body bytes)>}. The suite signs with it and the reference engine checks
 * with it, so a drift between the two shows up as 401s in the smoke run.
 */
public final class WebhookSigner {
  public static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  public WebhookSigner(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("webhook secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The header value for exactly these body bytes. */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(mac().doFinal(body));
  }

  /**
   * Constant-time check of a header value against the body; a missing or malformed header is false.
   */
  public boolean verify(byte[] body, String headerValue) {
    if (headerValue == null || !headerValue.startsWith(PREFIX)) {
      return false;
    }
    byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = headerValue.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSigner[secret=****]";
  }
}
