package dev.meshhook.load.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What one injector of a shared run writes into its run folder once its load is over and its ledger
 * closed. The merged verification reads it: a folder with a ledger and no mark belongs to an
 * injector that died (or was killed) while sending, so its ledger is only part of its share.
 */
public record InjectorMark(
    int index, int count, String runTag, long startAtEpochMs, long finishedAtEpochMs) {
  public static final String FILE_NAME = "injector.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Written aside and moved in, so a reader never sees half a mark. */
  public void writeInto(Path folder) {
    Path part = folder.resolve(FILE_NAME + ".part");
    try {
      Files.writeString(part, JSON.writeValueAsString(this), StandardCharsets.UTF_8);
      Files.move(
          part,
          folder.resolve(FILE_NAME),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark the injector finished in " + folder, e);
    }
  }

  /** The folder's mark, or empty when the injector never finished. */
  public static Optional<InjectorMark> readFrom(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), InjectorMark.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
