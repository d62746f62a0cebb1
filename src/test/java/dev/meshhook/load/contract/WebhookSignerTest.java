package dev.meshhook.load.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final byte[] BODY =
      "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

  @Test
  void signsWithHmacSha256AsLowerCaseHex() {
    // RFC 4231, test case 2: key "Jefe".
    assertThat(new WebhookSigner("Jefe").sign(BODY))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void verifiesOnlyTheExactBytesAndSecret() {
    WebhookSigner signer = new WebhookSigner("Jefe");
    String signature = signer.sign(BODY);
    assertThat(signer.verify(BODY, signature)).isTrue();
    assertThat(signer.verify(BODY, signature.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
    assertThat(
            signer.verify(
                "what do ya want for nothing!".getBytes(StandardCharsets.US_ASCII), signature))
        .isFalse();
    assertThat(new WebhookSigner("jefe").verify(BODY, signature)).isFalse();
    assertThat(signer.verify(BODY, null)).isFalse();
    assertThat(signer.verify(BODY, signature.substring("sha256=".length()))).isFalse();
  }

  @Test
  void neverPrintsTheSecret() {
    assertThat(new WebhookSigner("s3cr3t-value")).hasToString("WebhookSigner[secret=****]");
    assertThatThrownBy(() -> new WebhookSigner("")).isInstanceOf(IllegalArgumentException.class);
  }
}
