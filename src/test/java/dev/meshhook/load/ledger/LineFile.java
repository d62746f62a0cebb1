package dev.meshhook.load.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run's append-only record: one line per event, flushed to the OS at once, so a crashed or
 * interrupted run leaves every line it wrote. What a line after {@link #close()} means is the
 * owner's to say: a ledger's is a harness bug, a late live-log event's is just too late to count.
 */
public final class LineFile implements AutoCloseable {
  private final Path file;
  // Unbuffered: each line reaches the OS whole, in one write of its bytes. A buffered writer
  // flushed after every line did the same with a copy through a character encoder and a second
  // buffer, on the Gatling threads, twice per webhook.
  private final OutputStream out;
  private final boolean lateLinesDropped;
  private boolean closed;

  private LineFile(Path file, OutputStream out, boolean lateLinesDropped) {
    this.file = file;
    this.out = out;
    this.lateLinesDropped = lateLinesDropped;
  }

  /**
   * Creates the file (and its folder); {@code createNew} refuses an existing one.
   *
   * @param lateLinesDropped true: a line after close is dropped; false: it throws
   */
  public static LineFile create(Path file, boolean createNew, boolean lateLinesDropped) {
    try {
      Files.createDirectories(file.getParent());
      OutputStream out =
          createNew
              ? Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
              : Files.newOutputStream(file);
      return new LineFile(file, out, lateLinesDropped);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  public synchronized void line(String line) {
    if (closed) {
      if (lateLinesDropped) {
        return;
      }
      throw new IllegalStateException(file + " is closed");
    }
    try {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Reads such a file back, one line's tab-separated fields at a time; nothing when the file is not
   * there (the run wrote none). A line the reader cannot parse ({@link NumberFormatException}) was
   * torn by a crash and is skipped: the rest still counts.
   */
  public static void forEachLine(Path file, java.util.function.Consumer<String[]> fields) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          fields.accept(line.split("\t", -1));
        } catch (NumberFormatException e) {
          // torn by a crash
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
