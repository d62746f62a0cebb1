package dev.meshhook.load.harness;

import dev.meshhook.load.engine.store.EngineDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A stopped PostgreSQL data directory, initialised and holding the engine's schema, that every new
 * engine starts from as a copy. initdb is about 1.3 s of an engine's 4.9 s start here and a build
 * starts some 45 engines; with the template it runs once. zonky skips initdb for a data directory
 * that already holds a postgresql.conf, as it does when an engine restarts on its own.
 *
 * <p>The template's name carries a hash of the schema scripts, so a changed script makes a new one;
 * it lives under target/, so {@code mvn clean} removes it.
 */
final class PostgresTemplate {
  private PostgresTemplate() {}

  /** Makes {@code pgdata} (which must not exist yet) a copy of the template. */
  static void copyInto(Path engines, Path pgdata) throws IOException {
    Path template = ensure(engines);
    try (Stream<Path> walk = Files.walk(template)) {
      for (Path from : walk.toList()) {
        Files.copy(
            from,
            pgdata.resolve(template.relativize(from).toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  /** Names every template folder, so that pruning old engine folders leaves them alone. */
  static boolean isTemplate(Path folder) {
    return folder.getFileName().toString().startsWith(".template");
  }

  // One maker per JVM at a time (CheckerFaultsIT starts engines two at once); other JVMs race
  // to the atomic move below, and the loser uses the winner's template.
  private static synchronized Path ensure(Path engines) throws IOException {
    Path template = engines.resolve(".template-" + scriptsHash()).resolve("pgdata");
    if (Files.isRegularFile(template.resolve("postgresql.conf"))) {
      return template;
    }
    Path making =
        engines.resolve(
            ".template-making-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      // In this JVM: the engine's own start-up, stopped cleanly once its schema is in.
      EmbeddedPostgres postgres = EngineDatabase.startPostgres(making.resolve("pgdata"));
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        EngineDatabase.applySchema(c);
      } finally {
        postgres.close();
      }
      Files.createDirectories(template.getParent());
      try {
        Files.move(making.resolve("pgdata"), template, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileSystemException e) {
        // Another JVM made it first (Linux says "Directory not empty", not always as
        // DirectoryNotEmptyException): same scripts, same template.
        if (!Files.isRegularFile(template.resolve("postgresql.conf"))) {
          throw e;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot make the PostgreSQL template: " + e.getMessage(), e);
    } finally {
      deleteTree(making);
    }
    return template;
  }

  private static String scriptsHash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String script : EngineDatabase.SCRIPTS) {
        try (InputStream in = PostgresTemplate.class.getClassLoader().getResourceAsStream(script)) {
          if (in == null) {
            throw new IllegalStateException("missing classpath resource " + script);
          }
          sha.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Deletes a folder and everything in it, if it is there. Another JVM pruning the same old folder
   * at the same moment deletes files under this walk: a file already gone is not an error.
   */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            file.toFile().delete();
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            dir.toFile().delete();
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
