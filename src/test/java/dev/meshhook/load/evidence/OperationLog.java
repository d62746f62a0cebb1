package dev.meshhook.load.evidence;

import dev.meshhook.load.ledger.LineFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Append-only record of the requests that are not webhooks (health, run reads, run lists, live-log
 * streams) and of the events a live-log stream received, so their figures are computed from what
 * happened, the same way at the end of a run and on re-verification.
 *
 * <pre>
 * O  operation  startEpochMs  millis  status(0 = no answer)  ok(1|0)
 * E  stream  runId  eventId  type  eventEpochMs(in the database)  receivedEpochMs  connectedEpochMs
 * </pre>
 */
public final class OperationLog implements AutoCloseable {
  public static final String FILE_NAME = "operations";

  /** One request of a non-webhook operation. */
  public record Operation(String name, long startEpochMs, long millis, int status, boolean ok) {}

  /** One event as a live-log stream received it. */
  public record StreamEvent(
      long stream,
      String runId,
      long eventId,
      String type,
      long eventEpochMs,
      long receivedEpochMs,
      long connectedEpochMs) {}

  public record Contents(List<Operation> operations, List<StreamEvent> events) {
    public List<Operation> named(String name) {
      return operations.stream().filter(o -> o.name().equals(name)).toList();
    }
  }

  private final LineFile out;
  private final java.util.concurrent.atomic.AtomicLong operationsWritten =
      new java.util.concurrent.atomic.AtomicLong();

  private OperationLog(LineFile out) {
    this.out = out;
  }

  /** A stream still delivering after the load ended: its events come too late to count. */
  public static OperationLog create(Path folder) {
    return new OperationLog(LineFile.create(folder.resolve(FILE_NAME), false, true));
  }

  public void operation(String name, long startEpochMs, long millis, int status, boolean ok) {
    operationsWritten.incrementAndGet();
    line("O\t" + name + "\t" + startEpochMs + "\t" + millis + "\t" + status + "\t" + (ok ? 1 : 0));
  }

  public void event(StreamEvent e) {
    line(
        "E\t"
            + e.stream()
            + "\t"
            + e.runId()
            + "\t"
            + e.eventId()
            + "\t"
            + e.type()
            + "\t"
            + e.eventEpochMs()
            + "\t"
            + e.receivedEpochMs()
            + "\t"
            + e.connectedEpochMs());
  }

  /** Operations recorded so far (live-log events not counted): requests, as the suite sent them. */
  public long operationsWritten() {
    return operationsWritten.get();
  }

  private void line(String line) {
    out.line(line);
  }

  @Override
  public void close() {
    out.close();
  }

  /** Reads a run folder's log back; empty when the profile wrote none. Torn lines are skipped. */
  public static Contents read(Path folder) {
    List<Operation> operations = new ArrayList<>();
    List<StreamEvent> events = new ArrayList<>();
    LineFile.forEachLine(
        folder.resolve(FILE_NAME),
        f -> {
          if (f[0].equals("O") && f.length == 6) {
            operations.add(
                new Operation(
                    f[1],
                    Long.parseLong(f[2]),
                    Long.parseLong(f[3]),
                    Integer.parseInt(f[4]),
                    f[5].equals("1")));
          } else if (f[0].equals("E") && f.length == 8) {
            events.add(
                new StreamEvent(
                    Long.parseLong(f[1]),
                    f[2],
                    Long.parseLong(f[3]),
                    f[4],
                    Long.parseLong(f[5]),
                    Long.parseLong(f[6]),
                    Long.parseLong(f[7])));
          }
        });
    return new Contents(operations, events);
  }
}
