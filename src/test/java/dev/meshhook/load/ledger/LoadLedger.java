package dev.meshhook.load.ledger;

import java.nio.file.Path;

/**
 * Append-only record of every request as it happens: a {@code S} line when it is sent and an {@code
 * A} line when its answer (or failure) comes back. Each line is flushed to the OS at once, so a
 * crashed or interrupted run still leaves what it sent and its verification can be re-run.
 *
 * <pre>
 * S  loadId  slug  sentEpochMs  expectedStatus  [replica: index of the target URL, with several]
 * A  loadId  status(0 = no answer)  answeredEpochMs  runId(- when none)  R when the answer had Retry-After, else -
 * </pre>
 */
public final class LoadLedger implements AutoCloseable {
  public static final String FILE_NAME = "ledger";
  static final String HEADER = "# meshhook-load ledger v1";

  private final LineFile out;

  private LoadLedger(LineFile out) {
    this.out = out;
  }

  /** A new ledger; an existing file is refused. A line after close is a harness bug: it throws. */
  public static LoadLedger create(Path file, String runTag) {
    LoadLedger ledger = new LoadLedger(LineFile.create(file, true, false));
    ledger.line(HEADER + " runTag=" + runTag);
    return ledger;
  }

  public void sent(String loadId, String slug, long sentEpochMs, int expectedStatus) {
    sent(loadId, slug, sentEpochMs, expectedStatus, LedgerEntry.NO_REPLICA);
  }

  /**
   * A request to the replica at index {@code replica} of the target's URLs (-1: the one target).
   */
  public void sent(String loadId, String slug, long sentEpochMs, int expectedStatus, int replica) {
    line(
        "S\t"
            + loadId
            + "\t"
            + slug
            + "\t"
            + sentEpochMs
            + "\t"
            + expectedStatus
            + (replica < 0 ? "" : "\t" + replica));
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

  private void line(String line) {
    out.line(line);
  }

  public Path file() {
    return out.file();
  }

  @Override
  public void close() {
    out.close();
  }
}
