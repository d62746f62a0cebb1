package dev.meshhook.load.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.config.Secret;
import dev.meshhook.load.engine.EngineOptions;
import dev.meshhook.load.ledger.LoadIds;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine's port held by another process at the moment the engine binds it, then let go: the
 * engine is started again on the same port (the protocol already names it) and serves there. A CI
 * run died of this once, a browser driver's or another JVM's port probe on the chosen port.
 */
class EnginePortIT {
  @Test
  void anEngineWhosePortIsHeldAsItBindsStartsAgainOnItOnceItIsFree() throws Exception {
    EngineOptions options = EngineUnderTest.options(java.util.Map.of());
    int port = EngineProcess.freePort();
    String runTag = LoadIds.newRunTag();
    Path log = EngineUnderTest.ENGINES.resolve(runTag).resolve("engine.log");
    try (ServerSocket held = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      // Let go of the port once the engine has failed to bind it, not before.
      CompletableFuture<Void> letGo =
          CompletableFuture.runAsync(
              () -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline && !bindFailedIn(log)) {
                  pause();
                }
                try {
                  held.close();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      try (EngineProcess engine =
          EngineProcess.start(
              options, port, EngineUnderTest.ENGINES, runTag, new Secret("port-it"))) {
        letGo.get(5, TimeUnit.SECONDS);
        assertThat(bindFailedIn(log)).as("the first start met the held port").isTrue();
        assertThat(engine.ready().baseUrl()).endsWith(":" + port);
        HttpResponse<String> health =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(engine.ready().baseUrl() + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
      }
    }
  }

  private static boolean bindFailedIn(Path log) {
    try {
      return Files.exists(log)
          && Files.readString(log, StandardCharsets.UTF_8).contains("Address already in use");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
