package dev.meshhook.load.charts;

import dev.meshhook.load.checker.Latency;
import dev.meshhook.load.checker.RunRecord;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.evidence.ResourceSampler;
import dev.meshhook.load.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Computes a run's timelines from what its folder and database hold: from the ledger and the runs,
 * end-to-end latency percentiles by send time, throughput and answers by status, in {@link
 * Buckets}; from the {@code resources} file, the engine's and database's samples as they were
 * taken; and from the {@code faults} file, the bands drawn on all of them. A pure function, so it
 * is tested on hand-made evidence and gives the same charts when a run is verified again.
 */
public final class ReportTimelines {
  static final String NO_REQUESTS = "no requests in the ledger";
  static final String NO_SAMPLES = "no resource samples in this run";
  static final String NOT_PUBLISHED = "not published by this target";
  static final String E2E_TITLE = "End-to-end latency (webhook sent → run finished), by send time";
  static final String THROUGHPUT_TITLE = "Throughput";
  static final String ANSWERS_TITLE = "Webhook answers by status, by send time";

  private ReportTimelines() {}

  public static Timelines of(
      List<LedgerEntry> ledger,
      List<RunRecord> runs,
      List<ResourceSampler.Sample> resources,
      List<FaultLog.Fault> faults) {
    long start = Long.MAX_VALUE, end = Long.MIN_VALUE;
    for (LedgerEntry e : ledger) {
      start = Math.min(start, e.sentEpochMs());
      end = Math.max(end, Math.max(e.sentEpochMs(), e.answeredEpochMs()));
    }
    for (RunRecord r : runs) {
      if (r.finishedAt() != null) {
        end = Math.max(end, r.finishedAt().toEpochMilli());
      }
    }
    for (ResourceSampler.Sample s : resources) {
      start = Math.min(start, s.epochMs());
      end = Math.max(end, s.epochMs());
    }
    for (FaultLog.Fault f : faults) {
      start = Math.min(start, f.startEpochMs());
      end = Math.max(end, f.endEpochMs());
    }
    if (start == Long.MAX_VALUE) {
      List<Timeline> none = new ArrayList<>(noRequests());
      none.addAll(resources(List.of(), 0));
      return new Timelines(0, 1, List.copyOf(none), List.of());
    }
    Buckets buckets = Buckets.over(start, end);
    List<Timeline> charts = new ArrayList<>();
    if (ledger.isEmpty()) {
      charts.addAll(noRequests());
    } else {
      charts.add(endToEnd(ledger, runs, buckets));
      charts.add(throughput(ledger, runs, buckets));
      charts.add(answers(ledger, buckets));
    }
    charts.addAll(resources(resources, start));
    List<FaultBand> bands = new ArrayList<>();
    for (FaultLog.Fault f : faults) {
      bands.add(
          new FaultBand(
              f.kind(),
              seconds(f.startEpochMs(), start),
              seconds(Math.max(f.startEpochMs(), f.endEpochMs()), start),
              f.detail()));
    }
    return new Timelines(start, buckets.widthSeconds(), List.copyOf(charts), List.copyOf(bands));
  }

  private static List<Timeline> noRequests() {
    return List.of(
        Timeline.note("e2e", E2E_TITLE, "ms", NO_REQUESTS),
        Timeline.note("throughput", THROUGHPUT_TITLE, "per second", NO_REQUESTS),
        Timeline.note("answers", ANSWERS_TITLE, "answers per second", NO_REQUESTS));
  }

  /**
   * p50, p95, p99 of send → {@code finished_at} of the accepted webhooks that became exactly one
   * finished run (as the checker measures it), bucketed by send time; a bucket with none is a gap.
   */
  static Timeline endToEnd(List<LedgerEntry> ledger, List<RunRecord> runs, Buckets buckets) {
    Map<String, RunRecord> only = new HashMap<>(runs.size() * 2);
    Map<String, Boolean> repeated = new HashMap<>();
    for (RunRecord r : runs) {
      if (only.putIfAbsent(r.loadId(), r) != null) {
        repeated.put(r.loadId(), Boolean.TRUE);
      }
    }
    // Two passes over primitive arrays rather than a list per bucket: a soak's ledger has millions
    // of entries.
    int[] bucketOf = new int[ledger.size()];
    long[] millis = new long[ledger.size()];
    int[] starts = new int[buckets.count() + 1];
    int n = 0;
    for (LedgerEntry e : ledger) {
      RunRecord run = only.get(e.loadId());
      int i = buckets.index(e.sentEpochMs());
      if (e.accepted()
          && run != null
          && !repeated.containsKey(e.loadId())
          && run.terminal()
          && run.finishedAt() != null
          && i >= 0) {
        bucketOf[n] = i;
        millis[n++] = Math.max(0, run.finishedAt().toEpochMilli() - e.sentEpochMs());
        starts[i + 1]++;
      }
    }
    for (int i = 0; i < buckets.count(); i++) {
      starts[i + 1] += starts[i]; // starts[i] .. starts[i + 1]: bucket i's values in byBucket
    }
    long[] byBucket = new long[n];
    int[] next = Arrays.copyOf(starts, starts.length);
    for (int k = 0; k < n; k++) {
      byBucket[next[bucketOf[k]]++] = millis[k];
    }
    double[] p50 = new double[buckets.count()],
        p95 = new double[buckets.count()],
        p99 = new double[buckets.count()];
    for (int i = 0; i < buckets.count(); i++) {
      if (starts[i] == starts[i + 1]) {
        p50[i] = p95[i] = p99[i] = Double.NaN;
        continue;
      }
      Latency l = Latency.of(Arrays.copyOfRange(byBucket, starts[i], starts[i + 1]));
      p50[i] = l.p50();
      p95[i] = l.p95();
      p99[i] = l.p99();
    }
    return new Timeline(
        "e2e",
        E2E_TITLE,
        "ms",
        buckets.x(),
        List.of(
            new TimelineSeries("p50", p50),
            new TimelineSeries("p95", p95),
            new TimelineSeries("p99", p99)),
        null);
  }

  /**
   * Webhooks sent and accepted per second (by send time), and runs finished per second (by
   * finished_at).
   */
  static Timeline throughput(List<LedgerEntry> ledger, List<RunRecord> runs, Buckets buckets) {
    double[] sent = new double[buckets.count()],
        accepted = new double[buckets.count()],
        finished = new double[buckets.count()];
    for (LedgerEntry e : ledger) {
      int i = buckets.index(e.sentEpochMs());
      if (i >= 0) {
        sent[i]++;
        if (e.accepted()) {
          accepted[i]++;
        }
      }
    }
    for (RunRecord r : runs) {
      int i = r.finishedAt() == null ? -1 : buckets.index(r.finishedAt().toEpochMilli());
      if (i >= 0) {
        finished[i]++;
      }
    }
    return new Timeline(
        "throughput",
        THROUGHPUT_TITLE,
        "per second",
        buckets.x(),
        List.of(
            perSecond("webhooks sent", sent, buckets),
            perSecond("accepted (2xx)", accepted, buckets),
            perSecond("runs finished", finished, buckets)),
        null);
  }

  /** Webhooks per second by the status of their answer, bucketed by send time; 0 is "no answer". */
  static Timeline answers(List<LedgerEntry> ledger, Buckets buckets) {
    Map<Integer, double[]> byStatus = new TreeMap<>();
    for (LedgerEntry e : ledger) {
      int i = buckets.index(e.sentEpochMs());
      if (i >= 0) {
        byStatus.computeIfAbsent(e.status(), s -> new double[buckets.count()])[i]++;
      }
    }
    List<TimelineSeries> series = new ArrayList<>();
    byStatus.forEach(
        (status, counts) ->
            series.add(perSecond(status == 0 ? "no answer" : "HTTP " + status, counts, buckets)));
    return new Timeline(
        "answers", ANSWERS_TITLE, "answers per second", buckets.x(), List.copyOf(series), null);
  }

  private static TimelineSeries perSecond(String label, double[] counts, Buckets buckets) {
    double[] rate = Arrays.copyOf(counts, counts.length);
    for (int i = 0; i < rate.length; i++) {
      rate[i] /= buckets.widthSeconds();
    }
    return new TimelineSeries(label, rate);
  }

  /** A resource figure and its legend label. */
  private record Figure(String label, ToDoubleFunction<ResourceSampler.Sample> value) {}

  /**
   * One chart per unit, at the samples' own times; a figure the target never published is left out.
   */
  static List<Timeline> resources(List<ResourceSampler.Sample> samples, long start) {
    if (samples.isEmpty()) {
      return List.of(Timeline.note("resources", "Resources", "", NO_SAMPLES));
    }
    double[] x = new double[samples.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = seconds(samples.get(i).epochMs(), start);
    }
    return List.of(
        resource(
            "cpu",
            "Engine CPU",
            "%",
            x,
            samples,
            new Figure("process CPU", ResourceSampler.Sample::cpuPercent)),
        resource(
            "heap",
            "Engine heap",
            "MB",
            x,
            samples,
            new Figure("heap used", ResourceSampler.Sample::heapMb),
            new Figure("old generation", ResourceSampler.Sample::oldGenMb),
            new Figure("live data after old-gen GC", ResourceSampler.Sample::liveDataMb)),
        resource(
            "connections",
            "Database connections",
            "connections",
            x,
            samples,
            new Figure("PostgreSQL connections", ResourceSampler.Sample::dbConnections),
            new Figure("engine pool active", ResourceSampler.Sample::poolActive),
            new Figure("engine pool waiting", ResourceSampler.Sample::poolPending)),
        resource(
            "queue",
            "Queue depth",
            "runs queued",
            x,
            samples,
            new Figure("queued runs", ResourceSampler.Sample::queueDepth)),
        resource(
            "dbsize",
            "Database size",
            "MB",
            x,
            samples,
            new Figure("database size", ResourceSampler.Sample::dbSizeMb)));
  }

  private static Timeline resource(
      String id,
      String title,
      String unit,
      double[] x,
      List<ResourceSampler.Sample> samples,
      Figure... figures) {
    List<TimelineSeries> series = new ArrayList<>();
    for (Figure f : figures) {
      TimelineSeries s =
          new TimelineSeries(f.label(), samples.stream().mapToDouble(f.value()).toArray());
      if (!s.empty()) {
        series.add(s);
      }
    }
    return series.isEmpty()
        ? Timeline.note(id, title, unit, NOT_PUBLISHED)
        : new Timeline(id, title, unit, x, List.copyOf(series), null);
  }

  private static double seconds(long epochMs, long start) {
    return (epochMs - start) / 1000.0;
  }
}
