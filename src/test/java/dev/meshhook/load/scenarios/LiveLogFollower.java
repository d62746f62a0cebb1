package dev.meshhook.load.scenarios;

import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshhook.load.evidence.OperationLog;
import dev.meshhook.load.run.GatlingHooks;
import dev.meshhook.load.run.Keys;
import dev.meshhook.load.run.Tenants;
import io.gatling.http.action.sse.SseInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Following a run's live log ({@code GET /api/runs/{id}/logs}, Server-Sent Events) until its
 * terminal event. Gatling hands over the messages that arrived since the last look, each with the
 * time it was received, so every event's latency (database timestamp to arrival) and order can be
 * judged after the run without missing one between two looks.
 */
public final class LiveLogFollower {
  public static final String STREAM_LOGS = "stream logs";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LOOK_EVERY = Duration.ofMillis(20);

  private LiveLogFollower() {}

  /**
   * Follows the run in {@link Keys#RUN_ID} (of tenant {@link Keys#RUN_TENANT}), if there is one, as
   * that tenant; what it receives goes to the operation log of {@code hooks}.
   */
  public static ChainBuilder followRun(GatlingHooks hooks, Tenants tenants, Duration timeout) {
    return doIf(session -> session.contains(Keys.RUN_ID))
        .then(
            exec(session ->
                    session
                        .set(Keys.STREAM, hooks.nextStream())
                        .set(Keys.STREAM_CONNECTED_AT, System.currentTimeMillis())
                        .set(Keys.STREAM_ENDED, false))
                .exec(
                    sse(STREAM_LOGS)
                        .get("/api/runs/#{" + Keys.RUN_ID + "}/logs")
                        // The protocol asks for JSON everywhere else; this endpoint answers 406 to
                        // that.
                        .header("Accept", "text/event-stream")
                        .header(
                            "Authorization",
                            session -> tenants.bearer(session.getString(Keys.RUN_TENANT))))
                .asLongAs(
                    session ->
                        !session.getBoolean(Keys.STREAM_ENDED)
                            && System.currentTimeMillis()
                                    - session.getLong(Keys.STREAM_CONNECTED_AT)
                                < timeout.toMillis())
                .on(
                    pause(LOOK_EVERY)
                        .exec(
                            sse.processUnmatchedMessages(
                                (messages, session) -> received(hooks, messages, session))))
                .exec(sse(STREAM_LOGS + ": close").close())
                .exec(
                    session -> {
                      long started = session.getLong(Keys.STREAM_CONNECTED_AT);
                      boolean ended = session.getBoolean(Keys.STREAM_ENDED);
                      hooks
                          .operations()
                          .operation(
                              STREAM_LOGS,
                              started,
                              System.currentTimeMillis() - started,
                              ended ? 200 : 0,
                              ended);
                      return session;
                    }));
  }

  private static Session received(
      GatlingHooks hooks, List<SseInboundMessage> messages, Session session) {
    boolean ended = session.getBoolean(Keys.STREAM_ENDED);
    for (SseInboundMessage message : messages) {
      try {
        JsonNode sse = JSON.readTree(message.message());
        if (!sse.hasNonNull("data")) {
          continue; // a comment (keep-alive)
        }
        // Gatling turns each SSE message into JSON, embedding the data as JSON when it is JSON.
        JsonNode data = sse.path("data");
        JsonNode event = data.isTextual() ? JSON.readTree(data.asText()) : data;
        String type = event.path("type").asText();
        hooks
            .operations()
            .event(
                new OperationLog.StreamEvent(
                    session.getLong(Keys.STREAM),
                    session.getString(Keys.RUN_ID),
                    event.path("id").asLong(),
                    type,
                    Instant.parse(event.path("ts").asText()).toEpochMilli(),
                    message.timestamp(),
                    session.getLong(Keys.STREAM_CONNECTED_AT)));
        ended |= type.equals("run_completed") || type.equals("run_failed");
      } catch (IOException | RuntimeException e) {
        // not an event of ours: it shows up as a gap in the stream's figures
      }
    }
    return session.set(Keys.STREAM_ENDED, ended);
  }
}
