package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresControlTest {
  @Test
  void restartsWithTheStartOptionsButLetsPgCtlPassTheDataDirectory() {
    String opts =
        "\"-D\" \"/data/pg data\" \"-p\" \"40723\" \"-F\" \"-c\" \"synchronous_commit=on\" \"-c\" \"listen_addresses=127.0.0.1\"";
    assertThat(PostgresControl.startOptions(opts))
        .containsExactly(
            "-p", "40723", "-F", "-c", "synchronous_commit=on", "-c", "listen_addresses=127.0.0.1");
  }

  @Test
  void keepsAnEscapedQuoteInsideAnOption() {
    assertThat(PostgresControl.startOptions("\"-c\" \"application_name=a\\\"b\""))
        .containsExactly("-c", "application_name=a\\\"b");
  }
}
