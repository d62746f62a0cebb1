package dev.meshhook.load.target;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The engine's HTTP face on loopback: webhook intake, run status and health. Uses the JDK's own
 * server for now; a library with SSE support replaces it when live logs arrive.
 */
final class EngineServer implements AutoCloseable {
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Intake intake;
  private final DataSource db;
  private final ObjectMapper json;

  EngineServer(int port, Intake intake, DataSource db, ObjectMapper json) throws IOException {
    this.intake = intake;
    this.db = db;
    this.json = json;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
    this.executor = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "engine-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/api/hooks/", this::hook);
    server.createContext("/api/runs/", this::run);
    server.createContext("/health", this::health);
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void hook(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        send(ex, 405, error("method not allowed", "use POST"));
        return;
      }
      String slug = ex.getRequestURI().getPath().substring("/api/hooks/".length());
      byte[] body = readBody(ex.getRequestBody());
      if (body == null) {
        send(ex, 413, error("payload too large", "the body exceeds " + MAX_BODY + " bytes"));
        return;
      }
      Intake.Answer answer = intake.accept(slug, body, ex.getRequestHeaders());
      if (answer.runId() != null) {
        ex.getResponseHeaders().set("Location", "/api/runs/" + answer.runId());
      }
      send(ex, answer.status(), answer.body());
    } catch (SQLException e) {
      // Nothing was committed, so no 202: the sender may retry.
      ex.getResponseHeaders().set("Retry-After", "1");
      send(ex, 503, error("unavailable", "the run could not be recorded: " + e.getMessage()));
    } catch (RuntimeException e) {
      send(ex, 500, error("internal error", String.valueOf(e.getMessage())));
    }
  }

  private void run(HttpExchange ex) throws IOException {
    try (ex) {
      UUID id;
      try {
        id = UUID.fromString(ex.getRequestURI().getPath().substring("/api/runs/".length()));
      } catch (IllegalArgumentException e) {
        send(ex, 404, error("not found", "no such run"));
        return;
      }
      try (Connection c = db.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT r.status, r.started_at, r.finished_at, d.slug FROM workflow_runs r"
                      + " JOIN workflow_definitions d ON d.id = r.workflow_id WHERE r.id = ?")) {
        ps.setObject(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            send(ex, 404, error("not found", "no such run"));
            return;
          }
          ObjectNode body = json.createObjectNode();
          body.put("id", id.toString());
          body.put("workflow", rs.getString(4));
          body.put("status", rs.getString(1));
          body.put("startedAt", iso(rs.getTimestamp(2)));
          body.put("finishedAt", iso(rs.getTimestamp(3)));
          send(ex, 200, body.toString());
        }
      } catch (SQLException e) {
        send(ex, 503, error("unavailable", e.getMessage()));
      }
    }
  }

  private void health(HttpExchange ex) throws IOException {
    try (ex) {
      try (Connection c = db.getConnection();
          PreparedStatement ps = c.prepareStatement("SELECT 1");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        send(ex, 200, "{\"status\":\"ok\",\"database\":\"up\"}");
      } catch (SQLException e) {
        send(ex, 503, "{\"status\":\"degraded\",\"database\":\"down\"}");
      }
    }
  }

  private static String iso(Timestamp ts) {
    return ts == null ? null : ts.toInstant().toString();
  }

  private String error(String error, String detail) {
    return json.createObjectNode().put("error", error).put("detail", detail).toString();
  }

  /** The body, or null once it passes the limit (checked while reading). */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    return body.length > MAX_BODY ? null : body;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
