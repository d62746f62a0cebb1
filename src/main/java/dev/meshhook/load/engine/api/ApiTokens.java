package dev.meshhook.load.engine.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One API token per project (tenant), for the management API ({@code Authorization: Bearer ...}). A
 * token comes from env {@code API_TOKEN_<PROJECT>} (e.g. {@code API_TOKEN_ACME}) or is generated at
 * start; the engine prints generated ones only in the foreground demo.
 */
public final class ApiTokens {
  /** A tenant as the API sees it. */
  public record Project(UUID id, String name) {}

  private final Map<String, Project> byToken = new LinkedHashMap<>();
  private final Map<String, String> tokenByProject = new LinkedHashMap<>();

  public static ApiTokens load(DataSource db, Map<String, String> env) throws SQLException {
    ApiTokens tokens = new ApiTokens();
    SecureRandom random = new SecureRandom();
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, name FROM projects ORDER BY name")) {
      while (rs.next()) {
        Project p = new Project(rs.getObject(1, UUID.class), rs.getString(2));
        String token = env.get(envName(p.name()));
        if (token == null || token.isBlank()) {
          byte[] bytes = new byte[18];
          random.nextBytes(bytes);
          token = "mh_" + p.name() + "_" + HexFormat.of().formatHex(bytes);
        }
        tokens.byToken.put(token, p);
        tokens.tokenByProject.put(p.name(), token);
      }
    }
    return tokens;
  }

  public static String envName(String project) {
    return "API_TOKEN_" + project.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The caller's project for an {@code Authorization} header value, compared in constant time. */
  Optional<Project> caller(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    Project found = null;
    for (Map.Entry<String, Project> e : byToken.entrySet()) {
      if (MessageDigest.isEqual(given, e.getKey().getBytes(StandardCharsets.UTF_8))) {
        found = e.getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Project name to token, for the ready file and the foreground banner. */
  public Map<String, String> byProject() {
    return tokenByProject;
  }
}
