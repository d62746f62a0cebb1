package dev.meshhook.load.evidence;

import dev.meshhook.load.checker.HistoryReader;
import dev.meshhook.load.ledger.LedgerEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * What a profile's own figures are computed from, read once per verification: the ledger's
 * requests, the run folder's operation log (non-webhook requests and live-log events), its resource
 * samples, its faults (and why any planned fault was not injected), and the engine's database.
 */
public record Evidence(
    List<LedgerEntry> ledger,
    Path folder,
    OperationLog.Contents operations,
    List<ResourceSampler.Sample> resources,
    List<FaultLog.Fault> faults,
    List<String> faultsNotInjected,
    HistoryReader history) {

  /** Reads the run folder's logs (each empty when the profile wrote none). */
  public static Evidence of(List<LedgerEntry> ledger, Path folder, HistoryReader history) {
    FaultLog.Contents faults = FaultLog.readAll(folder);
    return new Evidence(
        ledger,
        folder,
        OperationLog.read(folder),
        ResourceSampler.read(folder),
        faults.injected(),
        faults.notInjected(),
        history);
  }
}
