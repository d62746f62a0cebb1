package dev.meshhook.load.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Live run logs over Server-Sent Events. Every code path that commits events for a run tells this
 * class right after the commit (the engine is the only writer, so an in-process signal does what
 * LISTEN/NOTIFY would, without a round trip); each follower of that run then reads the events past
 * the last id it sent and sends them, in id order, with the event id as the SSE id. A follower that
 * reconnects with {@code Last-Event-ID} continues with no gap and no duplicate. The stream ends
 * after the terminal event.
 */
public final class LiveLogs implements AutoCloseable {
  private final DataSource db;
  private final ObjectMapper json;
  private final Map<UUID, Set<Follower>> followers = new ConcurrentHashMap<>();
  private final ExecutorService senders = Executors.newFixedThreadPool(2, daemon("engine-sse"));
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(daemon("engine-sse-heartbeat"));

  public LiveLogs(DataSource db, ObjectMapper json) {
    this.db = db;
    this.json = json;
    // A comment now and then keeps proxies from closing an idle stream and finds clients that left.
    heartbeat.scheduleAtFixedRate(
        () ->
            followers.values().forEach(set -> set.forEach(f -> f.client.sendComment("keep-alive"))),
        15,
        15,
        TimeUnit.SECONDS);
  }

  private final class Follower {
    private final UUID runId;
    private final SseClient client;
    private long lastId;
    private boolean ended;

    Follower(UUID runId, SseClient client, long lastId) {
      this.runId = runId;
      this.client = client;
      this.lastId = lastId;
    }

    /** Sends what was committed since the last event sent; serialised per follower, so in order. */
    synchronized void catchUp() {
      if (ended || client.terminated()) {
        leave(this);
        return;
      }
      try (Connection c = db.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, ts, type, payload::text FROM workflow_events WHERE run_id = ? AND id > ? ORDER BY id")) {
        ps.setObject(1, runId);
        ps.setLong(2, lastId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            String type = rs.getString(3);
            ObjectNode data =
                json.createObjectNode()
                    .put("id", id)
                    .put("runId", runId.toString())
                    .put("ts", rs.getTimestamp(2).toInstant().toString())
                    .put("type", type);
            data.set("payload", json.readTree(rs.getString(4)));
            client.sendEvent(type, data.toString(), Long.toString(id));
            lastId = id;
            if (type.equals("run_completed") || type.equals("run_failed")) {
              ended = true;
              break;
            }
          }
        }
      } catch (SQLException | IOException e) {
        // The follower is closed without its terminal event; the log says why, the client sees
        // the comment and may reconnect with Last-Event-ID.
        System.err.println(
            "engine: live log of run " + runId + " closed after event " + lastId + ": " + e);
        client.sendComment("error: " + e.getMessage());
        ended = true;
      }
      if (ended) {
        leave(this);
        client.close();
      }
    }
  }

  /** Streams the run's events to this client, starting after {@code lastEventId}. */
  void follow(UUID runId, long lastEventId, SseClient client) {
    client.keepAlive();
    Follower follower = new Follower(runId, client, lastEventId);
    // Registered before the first read, so an event committed in between is not missed.
    followers.computeIfAbsent(runId, k -> new CopyOnWriteArraySet<>()).add(follower);
    client.onClose(() -> leave(follower));
    senders.execute(follower::catchUp);
  }

  /** Called after a commit that added events to this run. */
  public void published(UUID runId) {
    Set<Follower> set = followers.get(runId);
    if (set != null) {
      set.forEach(f -> senders.execute(f::catchUp));
    }
  }

  int following() {
    return followers.values().stream().mapToInt(Set::size).sum();
  }

  private void leave(Follower follower) {
    followers.computeIfPresent(
        follower.runId,
        (k, set) -> {
          set.remove(follower);
          return set.isEmpty() ? null : set;
        });
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    followers.values().forEach(set -> set.forEach(f -> f.client.close()));
    senders.shutdown();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
