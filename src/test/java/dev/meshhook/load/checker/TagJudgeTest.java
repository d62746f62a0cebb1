package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The one-pass judge against the two reads it replaced, on random event logs (resumes, repeated and
 * odd step numbers, unknown types, clocks that go back, events arriving in any order, a run with
 * two run_created rows): the same facts as the old SQL aggregates, the same replay verdict as the
 * whole-payload fold of both orders, or the run handed to that fold.
 */
class TagJudgeTest {
  private static final String[] TYPES = {
    "run_created",
    "step_started",
    "step_succeeded",
    "step_failed",
    "run_resumed",
    "run_completed",
    "run_failed",
    "run_paused"
  };
  private static final String[] STEPS = {
    "0", "1", "2", "3", "\"2\"", "1.5", "null", null, "-1", "{\"n\": 1}"
  };
  private static final String[] STATUSES = {"running", "succeeded", "failed", "paused", "canceled"};

  private record Run(TagJudge.StoredRow row, List<ReplayFold.Event> events, int copies) {}

  @Test
  void givesWhatBothOldReadsGaveOnRandomLogs() {
    Random random = new Random(20261123);
    UUID tenant = UUID.randomUUID();
    List<Run> runs = new ArrayList<>();
    List<TagJudge.StoredRow> rows = new ArrayList<>();
    RunEvents events = new RunEvents();
    long id = 1;
    for (int r = 0; r < 3_000; r++) {
      UUID runId = UUID.randomUUID();
      List<ReplayFold.Event> log = new ArrayList<>();
      int n = random.nextInt(8);
      long ts = 1_000_000;
      for (int e = 0; e < n; e++) {
        String type =
            e == 0 && random.nextInt(10) > 0 ? "run_created" : TYPES[random.nextInt(TYPES.length)];
        String step = STEPS[random.nextInt(STEPS.length)];
        String field = type.equals("run_resumed") ? "fromStep" : "step";
        String payload =
            step == null
                ? "{\"body\": \"{}\"}"
                : "{\"" + field + "\": " + step + ", \"id\": \"s" + random.nextInt(3) + "\"}";
        ts +=
            random.nextInt(20) == 0
                ? -random.nextInt(5)
                : random.nextInt(3); // now and then a clock goes back
        log.add(ReplayFold.Event.of(id, Instant.ofEpochSecond(0, ts * 1000), type, payload));
        id += 1 + random.nextInt(3);
      }
      String status = STATUSES[random.nextInt(STATUSES.length)];
      Instant finished = random.nextBoolean() ? Instant.ofEpochSecond(2) : null;
      int copies = random.nextInt(50) == 0 ? 2 : 1;
      for (int c = 0; c < copies; c++) {
        TagJudge.StoredRow row =
            new TagJudge.StoredRow(
                runId,
                "t-i-" + r + "-" + c,
                status,
                Instant.ofEpochSecond(1),
                finished,
                tenant,
                tenant);
        rows.add(row);
        runs.add(new Run(row, log, copies));
      }
      List<ReplayFold.Event> arrival = new ArrayList<>(log);
      Collections.shuffle(arrival, random);
      for (ReplayFold.Event e : arrival) {
        JsonNode field = e.payload().get(e.type().equals("run_resumed") ? "fromStep" : "step");
        byte type = RunLog.type(e.type().getBytes(StandardCharsets.UTF_8));
        String text = field == null ? null : field.toString();
        int step =
            type == RunLog.STEP_SUCCEEDED
                ? Dialect.REFERENCE.successKey(text, new HashMap<>())
                : type == RunLog.RUN_RESUMED ? ReplayFold.stepNumber(text, 0) : -1;
        events.add(
            runId.getMostSignificantBits(),
            runId.getLeastSignificantBits(),
            e.id(),
            TagScan.micros(java.sql.Timestamp.from(e.ts())),
            type,
            step);
      }
    }

    TagJudge.Result judged = TagJudge.judge(rows, events);

    Map<String, RunRecord> records = new HashMap<>();
    judged.runs().forEach(record -> records.put(record.loadId(), record));
    Map<String, Optional<Replay.Mismatch>> fast = new HashMap<>();
    judged.replay().forEach(m -> fast.put(m.runId(), Optional.of(m)));
    int judgedFast = 0;
    int notJudged = 0;
    for (Run run : runs) {
      if (run.events().isEmpty()) {
        assertThat(records).doesNotContainKey(run.row().loadId());
        continue;
      }
      assertThat(records.get(run.row().loadId())).as(run.row().loadId()).isEqualTo(oldFacts(run));
      String runId = run.row().runId().toString();
      boolean unreadable =
          run.events().stream()
              .anyMatch(
                  e ->
                      e.type().equals("step_succeeded")
                          && !(e.payload().path("step").isIntegralNumber()
                              && e.payload().path("step").canConvertToInt()));
      // A success that names no integer step is handed on for a second look (another dialect may
      // read it; if none does it is a finding of its own), and is never a mismatch.
      assertThat(judged.unreadable().stream().anyMatch(r -> r.runId().toString().equals(runId)))
          .as(runId + " handed on as unreadable")
          .isEqualTo(unreadable);
      if (unreadable) {
        assertThat(fast).doesNotContainKey(runId);
        notJudged++;
        continue;
      }
      if (judged.judgeFully().contains(run.row().runId())) {
        assertThat(run.copies() > 1 || oldFacts(run).outOfOrder() > 0)
            .as("only runs the fast path cannot vouch for")
            .isTrue();
        continue;
      }
      judgedFast++;
      Optional<Replay.Mismatch> full =
          Replay.judge(
              new Replay.StoredRun(
                  run.row().loadId(),
                  runId,
                  run.row().status(),
                  run.row().finishedAt() != null,
                  run.events()));
      assertThat(fast.getOrDefault(runId, Optional.empty())).as(runId).isEqualTo(full);
    }
    assertThat(judgedFast).isGreaterThan(1_000);
    assertThat(notJudged).isPositive();
    assertThat(judged.judgeFully()).isNotEmpty();
  }

  /** The facts as the replaced SQL computed them, window by window. */
  private static RunRecord oldFacts(Run run) {
    TagJudge.StoredRow row = run.row();
    List<ReplayFold.Event> byId = new ArrayList<>(run.events());
    byId.sort(Comparator.comparingLong(ReplayFold.Event::id));
    long resumedId =
        byId.stream()
            .filter(e -> e.type().equals("run_resumed"))
            .mapToLong(ReplayFold.Event::id)
            .max()
            .orElse(0);
    List<String> terminals =
        byId.stream()
            .filter(
                e ->
                    (e.type().equals("run_completed") || e.type().equals("run_failed"))
                        && e.id() > resumedId)
            .map(ReplayFold.Event::type)
            .toList();
    int outOfOrder = 0;
    for (int i = 1; i < byId.size(); i++) {
      outOfOrder += byId.get(i).ts().isBefore(byId.get(i - 1).ts()) ? 1 : 0;
    }
    String last = byId.get(byId.size() - 1).type();
    return new RunRecord(
        row.loadId(),
        row.runId(),
        row.status(),
        row.startedAt(),
        row.finishedAt(),
        row.projectId(),
        row.workflowProjectId(),
        byId.size() * run.copies(),
        terminals.size() * run.copies(),
        terminals.stream().max(Comparator.naturalOrder()).orElse(null),
        byId.get(0).type().equals("run_created"),
        last.equals("run_completed") || last.equals("run_failed"),
        outOfOrder);
  }
}
