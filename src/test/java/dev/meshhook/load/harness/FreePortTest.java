package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreePortTest {
  @Test
  void enginePortsComeFromBelowTheEphemeralRangeAndAreFree() throws Exception {
    int ephemeralFrom = EngineProcess.ephemeralRangeStart();
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (Files.exists(range)) {
      // Files.readString once read "3" of this file, which skipped the range check below.
      assertThat(ephemeralFrom)
          .as("the range's first port, as the kernel gives it")
          .isEqualTo(Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]));
    }
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
