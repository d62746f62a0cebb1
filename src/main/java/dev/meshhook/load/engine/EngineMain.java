package dev.meshhook.load.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.meshhook.load.contract.WebhookSigner;
import dev.meshhook.load.engine.api.ApiTokens;
import dev.meshhook.load.engine.faults.FaultMode;
import dev.meshhook.load.settings.ConfigError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;

/**
 * The reference engine as a process of its own: embedded PostgreSQL, HTTP intake, workers.
 *
 * <p>Arguments: {@code --data-dir DIR} (required, unless {@code --replica-of JDBC-URL}: then the
 * engine is one more replica on the database another engine started), {@code --ready-file FILE}
 * (written as JSON once it serves), {@code --parent-pid PID} (exit when that process ends, so a
 * killed suite never leaves an engine behind), {@code --foreground} (print how to use it; Ctrl-C
 * stops it). Knobs come from the {@code engine} block of application.conf; the secret from env
 * {@code WEBHOOK_SECRET}.
 */
public final class EngineMain {
  public static void main(String[] args) throws Exception {
    Path dataDir = null;
    Path readyFile = null;
    Long parentPid = null;
    boolean foreground = false;
    String replicaOf = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-dir" -> dataDir = Path.of(args[++i]);
        case "--ready-file" -> readyFile = Path.of(args[++i]);
        case "--parent-pid" -> parentPid = Long.parseLong(args[++i]);
        case "--foreground" -> foreground = true;
        case "--replica-of" -> replicaOf = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (dataDir == null && replicaOf == null) {
      throw new IllegalArgumentException("--data-dir or --replica-of is required");
    }
    EngineOptions options;
    try {
      options = EngineOptions.read(ConfigFactory.load());
    } catch (ConfigError e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String secret = System.getenv("WEBHOOK_SECRET");
    Path secretFile = null;
    if (secret == null || secret.isEmpty()) {
      if (!foreground) {
        System.err.println("engine: WEBHOOK_SECRET is not set");
        System.exit(2);
      }
      byte[] bytes = new byte[24];
      new SecureRandom()
          .nextBytes(bytes); // getInstanceStrong() may block on an idle machine's entropy
      secret = HexFormat.of().formatHex(bytes);
      secretFile =
          dataDir == null ? Path.of("webhook-secret") : dataDir.resolveSibling("webhook-secret");
    }

    Engine engine =
        Engine.start(options, dataDir, replicaOf, new WebhookSigner(secret), System.getenv());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  engine.close();
                  stopped.countDown();
                },
                "engine-shutdown"));
    if (parentPid != null) {
      ProcessHandle.of(parentPid)
          .ifPresentOrElse(
              parent -> parent.onExit().thenRun(() -> System.exit(3)), () -> System.exit(3));
    }

    ObjectMapper json = new ObjectMapper();
    ObjectNode ready = json.createObjectNode();
    ready.put("pid", ProcessHandle.current().pid());
    ready.put("baseUrl", engine.baseUrl());
    ready.put("jdbcUrl", engine.database().jdbcUrl("postgres"));
    ready.put("checkerJdbcUrl", engine.database().jdbcUrl("meshhook_checker"));
    // A replica's data directory is its primary's: it only connects to that server.
    ready.put("dataDir", dataDir == null ? "" : dataDir.toAbsolutePath().toString());
    ObjectNode apiTokens = ready.putObject("apiTokens");
    engine.apiTokens().forEach(apiTokens::put);
    ArrayNode workflows = ready.putArray("workflows");
    engine
        .workflows()
        .forEach(w -> workflows.addObject().put("tenant", w.tenant()).put("slug", w.slug()));
    if (readyFile != null) {
      Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
      Files.writeString(tmp, ready.toPrettyString(), StandardCharsets.UTF_8);
      // It holds the API tokens: readable by this user only.
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.move(
          tmp, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    if (foreground) {
      if (secretFile != null) {
        Files.writeString(secretFile, secret, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
      }
      System.out.println(banner(engine, options, secretFile));
    }
    stopped.await();
  }

  private static String banner(Engine engine, EngineOptions options, Path secretFile) {
    StringBuilder b = new StringBuilder();
    b.append("MeshHook reference engine is up (Ctrl-C stops it and its database)\n");
    b.append("  base URL   ").append(engine.baseUrl()).append('\n');
    b.append("  JDBC URL   ").append(engine.database().jdbcUrl("postgres")).append('\n');
    b.append("  read-only  ").append(engine.database().jdbcUrl("meshhook_checker")).append('\n');
    if (options.rls()) {
      b.append("  bypass     ")
          .append(engine.database().jdbcUrl("meshhook_checker_bypass"))
          .append(" (row-level security is on: meshhook_checker sees no rows)\n");
    }
    b.append("  dialect    ").append(options.dialect().flag()).append('\n');
    b.append("  secret     ")
        .append(
            secretFile == null
                ? "from WEBHOOK_SECRET"
                : "generated, in " + secretFile.toAbsolutePath())
        .append('\n');
    b.append("  fault      ").append(options.fault().flag());
    if (options.fault() != FaultMode.NONE) {
      b.append(" every ").append(options.faultEvery());
    }
    b.append('\n');
    engine
        .apiTokens()
        .forEach(
            (project, token) ->
                b.append("  ")
                    .append(String.format("%-8s", project))
                    .append(" API token ")
                    .append(
                        System.getenv(ApiTokens.envName(project)) == null
                            ? token
                            : "from " + ApiTokens.envName(project))
                    .append('\n'));
    engine
        .workflows()
        .forEach(
            w ->
                b.append("  ")
                    .append(String.format("%-8s", w.tenant()))
                    .append(" POST ")
                    .append(engine.baseUrl())
                    .append("/api/hooks/")
                    .append(w.slug())
                    .append('\n'));
    return b.toString();
  }
}
