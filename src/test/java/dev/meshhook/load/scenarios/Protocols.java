package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;

/** The HTTP protocol every profile uses against the run's target. */
public final class Protocols {
  private Protocols() {}

  public static HttpProtocolBuilder target(SuiteRun<?> run) {
    return http.baseUrl(run.baseUrl()).acceptHeader("application/json").userAgentHeader("meshhook-load");
  }
}
