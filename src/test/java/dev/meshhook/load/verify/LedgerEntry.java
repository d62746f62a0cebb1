package dev.meshhook.load.verify;

/**
 * One request as the ledger knows it. {@code status} is 0 when no answer came back (connection
 * failure, timeout, or the run was interrupted while it was in flight).
 */
public record LedgerEntry(
    String loadId, String slug, long sentEpochMs, int expectedStatus, int status, long answeredEpochMs, String runId) {

  public boolean answered() {
    return status > 0;
  }

  public boolean accepted() {
    return status >= 200 && status < 300;
  }

  public boolean rejected() {
    return status >= 300;
  }
}
