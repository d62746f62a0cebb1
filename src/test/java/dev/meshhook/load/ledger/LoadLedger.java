package dev.meshhook.load.ledger;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Append-only record of every request as it happens: a {@code S} line when it is sent and an {@code
 * A} line when its answer (or failure) comes back. Each line is flushed to the OS at once, so a
 * crashed or interrupted run still leaves what it sent and its verification can be re-run.
 *
 * <pre>
 * S  loadId  slug  sentEpochMs  expectedStatus
 * A  loadId  status(0 = no answer)  answeredEpochMs  runId(- when none)  R when the answer had Retry-After, else -
 * </pre>
 */
public final class LoadLedger implements AutoCloseable {
  public static final String FILE_NAME = "ledger";
  static final String HEADER = "# meshhook-load ledger v1";

  private final Path file;
  private final BufferedWriter out;
  private boolean closed;

  private LoadLedger(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  public static LoadLedger create(Path file, String runTag) {
    try {
      Files.createDirectories(file.getParent());
      BufferedWriter out =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
      LoadLedger ledger = new LoadLedger(file, out);
      ledger.line(HEADER + " runTag=" + runTag);
      return ledger;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create ledger " + file, e);
    }
  }

  public void sent(String loadId, String slug, long sentEpochMs, int expectedStatus) {
    line("S\t" + loadId + "\t" + slug + "\t" + sentEpochMs + "\t" + expectedStatus);
  }

  public void answered(String loadId, int status, long answeredEpochMs, String runId) {
    answered(loadId, status, answeredEpochMs, runId, false);
  }

  public void answered(
      String loadId, int status, long answeredEpochMs, String runId, boolean retryAfter) {
    line(
        "A\t"
            + loadId
            + "\t"
            + status
            + "\t"
            + answeredEpochMs
            + "\t"
            + (runId == null ? "-" : runId)
            + "\t"
            + (retryAfter ? "R" : "-"));
  }

  private synchronized void line(String line) {
    if (closed) {
      throw new IllegalStateException("ledger " + file + " is closed");
    }
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to ledger " + file, e);
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
}
