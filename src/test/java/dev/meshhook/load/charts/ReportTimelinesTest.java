package dev.meshhook.load.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.ledger.LedgerEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTimelinesTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final UUID TENANT = UUID.randomUUID();

  @TempDir Path folder;

  @Test
  void endToEndPercentilesPerSecondBySendTimeWithGapsWhereNothingFinished() {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    // second 0: ten runs taking 10, 20, ... 100 ms; second 1: nothing; second 2: one of 500 ms
    for (int i = 0; i < 10; i++) {
      accepted(ledger, runs, "t-i-" + i, T0 + i * 10, (i + 1) * 10);
    }
    accepted(ledger, runs, "t-i-11", T0 + 2_000, 500);

    Timeline e2e = ReportTimelines.of(ledger, runs, List.of(), List.of()).chart("e2e");

    assertThat(e2e.unit()).isEqualTo("ms");
    assertThat(e2e.x()).containsExactly(0, 1, 2);
    assertThat(e2e.series()).extracting(TimelineSeries::label).containsExactly("p50", "p95", "p99");
    assertThat(e2e.series().get(0).values()).containsExactly(50, Double.NaN, 500);
    assertThat(e2e.series().get(1).values()[0]).isEqualTo(100);
    assertThat(e2e.series().get(2).values()[1]).isNaN();
  }

  @Test
  void onlyAcceptedWebhooksWithExactlyOneFinishedRunCountForLatency() {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    accepted(ledger, runs, "t-i-1", T0, 40);
    accepted(ledger, runs, "t-i-2", T0, 9_000);
    runs.add(
        run("t-i-2", "succeeded", Instant.ofEpochMilli(T0 + 9_000))); // duplicated: not a latency
    ledger.add(new LedgerEntry("t-i-3", "order-created", T0, 202, 202, T0 + 5, "r"));
    runs.add(run("t-i-3", "running", null)); // stuck
    ledger.add(new LedgerEntry("t-i-4", "order-created", T0, 401, 401, T0 + 5, null)); // rejected

    Timeline e2e = ReportTimelines.of(ledger, runs, List.of(), List.of()).chart("e2e");

    assertThat(e2e.series().get(2).values()[0]).isEqualTo(40);
  }

  @Test
  void throughputAndAnswersByStatusAreRatesPerSecondOfSendTime() {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    accepted(ledger, runs, "t-i-1", T0 + 100, 1_500);
    accepted(ledger, runs, "t-i-2", T0 + 200, 1_500);
    ledger.add(new LedgerEntry("t-i-3", "order-created", T0 + 300, 401, 401, T0 + 310, null));
    ledger.add(
        new LedgerEntry("t-i-4", "order-created", T0 + 1_100, 202, 503, T0 + 1_110, null, true));
    ledger.add(new LedgerEntry("t-i-5", "order-created", T0 + 1_200, 202, 0, 0, null));

    Timelines t = ReportTimelines.of(ledger, runs, List.of(), List.of());

    Timeline throughput = t.chart("throughput");
    assertThat(throughput.unit()).isEqualTo("per second");
    assertThat(throughput.series())
        .extracting(TimelineSeries::label)
        .containsExactly("webhooks sent", "accepted (2xx)", "runs finished");
    assertThat(throughput.series().get(0).values()).containsExactly(3, 2);
    assertThat(throughput.series().get(1).values()).containsExactly(2, 0);
    assertThat(throughput.series().get(2).values())
        .containsExactly(0, 2); // both finished in second 1
    Timeline answers = t.chart("answers");
    assertThat(answers.series())
        .extracting(TimelineSeries::label)
        .containsExactly("no answer", "HTTP 202", "HTTP 401", "HTTP 503");
    assertThat(answers.series().get(1).values()).containsExactly(2, 0);
    assertThat(answers.series().get(3).values()).containsExactly(0, 1);
  }

  @Test
  void widerBucketsGiveRatesPerSecondNotCountsPerBucket() {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    for (int s = 0; s < 1_200; s++) { // 20 minutes at 1/s: 2-second buckets
      accepted(ledger, runs, "t-i-" + s, T0 + s * 1_000L, 10);
    }
    Timelines t = ReportTimelines.of(ledger, runs, List.of(), List.of());
    assertThat(t.bucketSeconds()).isEqualTo(2);
    assertThat(t.chart("throughput").series().get(0).values()[10]).isEqualTo(1.0);
  }

  @Test
  void resourceTimelinesAreTheSamplesAsTakenAndFaultBandsComeFromTheFaultsFile() throws Exception {
    Files.writeString(
        folder.resolve(ResourceSampler.FILE_NAME),
        String.join(
            "\n",
            "epochMs\theapMb\toldGenMb\tliveDataMb\tcpuPercent\tpoolActive\tpoolPending\tqueueDepth\tdbConnections\tdbSizeMb",
            (T0 + 1_000) + "\t100.0\t40.0\t0.0\t12.5\t2\t0\t3\t9\t8.25",
            (T0 + 2_000) + "\tNaN\tNaN\tNaN\tNaN\tNaN\tNaN\tNaN\t10\t8.50",
            (T0 + 3_000) + "\t120.0\t45.0\t30.0\t50.0\t4\t1\t0\t11\t8.75",
            ""));
    FaultLog log = new FaultLog(folder);
    log.record(
        new FaultLog.Fault("engine-kill", T0 + 1_500, T0 + 2_500, "engine pid 1 killed with -9"));
    log.record(
        new FaultLog.Fault("connection-kill", T0 + 2_800, T0 + 2_800, "3 connections terminated"));
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    accepted(ledger, runs, "t-i-1", T0, 10);

    Timelines t =
        ReportTimelines.of(ledger, runs, ResourceSampler.read(folder), FaultLog.read(folder));

    assertThat(t.startEpochMs()).isEqualTo(T0);
    assertThat(t.charts())
        .extracting(Timeline::id)
        .containsExactly(
            "e2e", "throughput", "answers", "cpu", "heap", "connections", "queue", "dbsize");
    Timeline heap = t.chart("heap");
    assertThat(heap.unit()).isEqualTo("MB");
    assertThat(heap.x()).containsExactly(1, 2, 3);
    assertThat(heap.series())
        .extracting(TimelineSeries::label)
        .containsExactly("heap used", "old generation", "live data after old-gen GC");
    assertThat(heap.series().get(0).values()).containsExactly(100, Double.NaN, 120);
    assertThat(t.chart("cpu").series().get(0).values()).containsExactly(12.5, Double.NaN, 50);
    assertThat(t.chart("connections").series().get(0).values()).containsExactly(9, 10, 11);
    assertThat(t.chart("dbsize").series().get(0).values()).containsExactly(8.25, 8.5, 8.75);
    assertThat(t.faults())
        .containsExactly(
            new FaultBand("engine-kill", 1.5, 2.5, "engine pid 1 killed with -9"),
            new FaultBand("connection-kill", 2.8, 2.8, "3 connections terminated"));
  }

  @Test
  void aMissingOrEmptyResourcesFileGivesANoteNotACrash() throws Exception {
    List<LedgerEntry> ledger = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    accepted(ledger, runs, "t-i-1", T0, 10);

    Timelines missing =
        ReportTimelines.of(ledger, runs, ResourceSampler.read(folder), FaultLog.read(folder));
    Files.writeString(
        folder.resolve(ResourceSampler.FILE_NAME),
        "epochMs\theapMb\toldGenMb\tliveDataMb\tcpuPercent\tpoolActive\tpoolPending\tqueueDepth\tdbConnections\tdbSizeMb\n");
    Timelines headerOnly =
        ReportTimelines.of(ledger, runs, ResourceSampler.read(folder), FaultLog.read(folder));

    for (Timelines t : List.of(missing, headerOnly)) {
      assertThat(t.chart("resources").drawable()).isFalse();
      assertThat(t.chart("resources").note()).isEqualTo("no resource samples in this run");
      assertThat(t.chart("e2e").drawable()).isTrue();
      assertThat(t.faults()).isEmpty();
    }
  }

  @Test
  void aFigureTheTargetNeverPublishedIsLeftOutAndAChartWithNoneIsANote() {
    List<ResourceSampler.Sample> onlyDatabase =
        List.of(
            new ResourceSampler.Sample(
                T0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                5,
                8),
            new ResourceSampler.Sample(
                T0 + 1_000,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                6,
                8));

    Timelines t = ReportTimelines.of(List.of(), List.of(), onlyDatabase, List.of());

    assertThat(t.chart("e2e").note()).isEqualTo("no requests in the ledger");
    assertThat(t.chart("cpu").note()).isEqualTo("not published by this target");
    assertThat(t.chart("connections").series())
        .extracting(TimelineSeries::label)
        .containsExactly("PostgreSQL connections");
  }

  @Test
  void nothingAtAllGivesNotesOnly() {
    Timelines t = ReportTimelines.of(List.of(), List.of(), List.of(), List.of());
    assertThat(t.charts()).allMatch(c -> !c.drawable());
    assertThat(ChartsHtml.json(t)).isEqualTo("{\"faults\":[],\"charts\":[]}");
  }

  private static void accepted(
      List<LedgerEntry> ledger, List<RunRecord> runs, String loadId, long sent, long e2eMillis) {
    ledger.add(new LedgerEntry(loadId, "order-created", sent, 202, 202, sent + 5, "r-" + loadId));
    runs.add(run(loadId, "succeeded", Instant.ofEpochMilli(sent + e2eMillis)));
  }

  private static RunRecord run(String loadId, String status, Instant finishedAt) {
    return new RunRecord(
        loadId,
        UUID.randomUUID(),
        status,
        Instant.ofEpochMilli(T0),
        finishedAt,
        TENANT,
        TENANT,
        3,
        finishedAt == null ? 0 : 1,
        finishedAt == null ? null : "run_completed",
        true,
        finishedAt != null,
        0);
  }
}
