package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.http.HttpDsl.http;

import dev.meshhook.load.config.Connections;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.List;

/** The HTTP protocol every profile uses against the run's target. */
public final class Protocols {
  /** Events a live-log stream may receive between two looks; a run has a few dozen at most. */
  static final int LIVE_LOG_BUFFER = 1024;

  private Protocols() {}

  /**
   * The protocol against these replicas: each virtual user (one webhook) gets the next URL, and
   * holds its connections as {@code connections} says: its own ({@code per-user}, Gatling's
   * default), or from the pool every user shares ({@code shared}, and {@code pool:N}, whose cap is
   * the run's {@link dev.meshhook.load.run.WebhookSlots}: Gatling's pool has none).
   */
  public static HttpProtocolBuilder target(List<String> baseUrls, Connections connections) {
    HttpProtocolBuilder protocol = target(baseUrls);
    return connections.shared() ? protocol.shareConnections() : protocol;
  }

  private static HttpProtocolBuilder target(List<String> baseUrls) {
    return http.baseUrls(baseUrls)
        .acceptHeader("application/json")
        .userAgentHeader("meshhook-load")
        // Live-log events are collected in batches between looks (LiveLogFollower); without a
        // buffer
        // Gatling drops them.
        .sseUnmatchedInboundMessageBufferSize(LIVE_LOG_BUFFER);
  }
}
