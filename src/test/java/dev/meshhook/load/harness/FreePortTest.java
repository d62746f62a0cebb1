package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortTest {
  @Test
  void enginePortsComeFromBelowTheEphemeralRangeAndAreFree() throws Exception {
    int ephemeralFrom = EngineProcess.ephemeralRangeStart();
    for (int i = 0; i < 20; i++) {
      int port = EngineProcess.freePort();
      if (ephemeralFrom > 21_000) {
        assertThat(port)
            .as("outside what outgoing connections take")
            .isBetween(20_000, ephemeralFrom - 1);
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
