package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.util.List;

/** The HTTP protocol every profile uses against the run's target. */
public final class Protocols {
  /** Events a live-log stream may receive between two looks; a run has a few dozen at most. */
  static final int LIVE_LOG_BUFFER = 1024;

  private Protocols() {}

  /** The protocol against these replicas: each virtual user (one webhook) gets the next URL. */
  public static HttpProtocolBuilder target(List<String> baseUrls) {
    return http.baseUrls(baseUrls)
        .acceptHeader("application/json")
        .userAgentHeader("meshhook-load")
        // Live-log events are collected in batches between looks (LiveLogFollower); without a
        // buffer
        // Gatling drops them.
        .sseUnmatchedInboundMessageBufferSize(LIVE_LOG_BUFFER);
  }
}
