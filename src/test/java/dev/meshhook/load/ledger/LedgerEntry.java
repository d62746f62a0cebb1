package dev.meshhook.load.ledger;

/**
 * One request as the ledger knows it. {@code status} is 0 when no answer came back (connection
 * failure, timeout, or the run was interrupted while it was in flight). {@code answeredEpochMs} is
 * when the answer, or the failure, was known; 0 when neither was (the run ended first). {@code
 * retryAfter} tells whether the answer carried a {@code Retry-After} header (a well-behaved 429 or
 * 503 does). {@code replica} is the index, among the target's URLs, of the one the request went to
 * when there are several; -1 with one URL, or when not known.
 */
public record LedgerEntry(
    String loadId,
    String slug,
    long sentEpochMs,
    int expectedStatus,
    int status,
    long answeredEpochMs,
    String runId,
    boolean retryAfter,
    int replica) {

  /** The request to the one target (or to one not known). */
  public static final int NO_REPLICA = -1;

  public LedgerEntry(
      String loadId,
      String slug,
      long sentEpochMs,
      int expectedStatus,
      int status,
      long answeredEpochMs,
      String runId,
      boolean retryAfter) {
    this(
        loadId,
        slug,
        sentEpochMs,
        expectedStatus,
        status,
        answeredEpochMs,
        runId,
        retryAfter,
        NO_REPLICA);
  }

  public LedgerEntry(
      String loadId,
      String slug,
      long sentEpochMs,
      int expectedStatus,
      int status,
      long answeredEpochMs,
      String runId) {
    this(loadId, slug, sentEpochMs, expectedStatus, status, answeredEpochMs, runId, false);
  }

  /** Load shed the way a client can act on: 429 or 503 with Retry-After. */
  public boolean shedPolitely() {
    return (status == 429 || status == 503) && retryAfter;
  }

  public boolean answered() {
    return status > 0;
  }

  /**
   * The request ended, with an answer or with a failure (request timeout, connect timeout, reset):
   * its time is known. Only a request still in flight when the run ended has none.
   */
  public boolean ended() {
    return answeredEpochMs > 0;
  }

  public boolean accepted() {
    return status >= 200 && status < 300;
  }

  public boolean rejected() {
    return status >= 300;
  }
}
