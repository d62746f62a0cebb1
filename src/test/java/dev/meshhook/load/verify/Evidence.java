package dev.meshhook.load.verify;

import java.nio.file.Path;
import java.util.List;

/**
 * What a profile's own figures are computed from: the ledger's requests, the run folder (with the
 * operation, stream and resource logs written during the run) and the engine's database.
 */
public record Evidence(List<LedgerEntry> ledger, Path folder, HistoryReader history) {}
