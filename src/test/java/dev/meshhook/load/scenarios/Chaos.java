package dev.meshhook.load.scenarios;

import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.run.LoadRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault schedule of a chaos run: engine kills, connection kills, PostgreSQL restarts and pool
 * exhaustions take turns, spread evenly over the steady phase (a fault starts no earlier than the
 * previous one ended), each logged with its start and end; after the drain, the manual edits.
 * Faults need the embedded engine: against a deployment each is skipped with a printed reason, and
 * the checks still run read-only.
 */
public final class Chaos {
  /** Load left after a fault's start, so that its recovery can be seen. */
  static final Duration RECOVERY_ROOM = Duration.ofSeconds(5);

  private final LoadRun<ChaosShape> run;
  private final ChaosShape shape;
  private Thread thread;

  private Chaos(LoadRun<ChaosShape> run) {
    this.run = run;
    this.shape = run.shape();
  }

  public static Chaos of(LoadRun<ChaosShape> run) {
    return new Chaos(run);
  }

  /** A kind of fault the schedule can strike with. */
  enum Kind {
    ENGINE_KILL("engine-kill"),
    CONNECTION_KILL("connection-kill"),
    POSTGRES_RESTART("postgres-restart"),
    POOL_EXHAUSTION("pool-exhaustion");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** The kinds in the order they strike: one of each kind in turn while any is left. */
  static List<Kind> plan(ChaosShape shape) {
    int[] left = {
      shape.engineKills(),
      shape.connectionKills(),
      shape.postgresRestarts(),
      shape.poolExhaustions()
    };
    List<Kind> plan = new ArrayList<>();
    boolean any = true;
    while (any) {
      any = false;
      for (Kind kind : Kind.values()) {
        if (left[kind.ordinal()]-- > 0) {
          plan.add(kind);
          any = true;
        }
      }
    }
    return plan;
  }

  /** How long a fault of this kind keeps something away, before its recovery can start. */
  private Duration length(Kind kind) {
    switch (kind) {
      case ENGINE_KILL:
      case POSTGRES_RESTART:
        return shape.downtime();
      case POOL_EXHAUSTION:
        return shape.poolHold();
      default:
        return Duration.ZERO;
    }
  }

  private String strike(Kind kind) throws Exception {
    switch (kind) {
      case ENGINE_KILL:
        return run.chaos().crashEngine(shape.downtime());
      case CONNECTION_KILL:
        return run.chaos().terminateEngineConnections();
      case POSTGRES_RESTART:
        return run.chaos().restartPostgres(shape.downtime());
      default:
        return run.chaos().exhaustPool(shape.poolHold());
    }
  }

  /** Starts the schedule; call when the load starts. */
  public void start() {
    List<Kind> plan = plan(shape);
    run.verification().beforeVerify(this::manualEdits);
    if (!run.chaos().possible()) {
      System.out.println(
          "chaos: "
              + plan.size()
              + " faults skipped: they need control of the engine and database processes,"
              + " which a deployment does not give; replay and the ledger checks still run, read-only");
      return;
    }
    System.out.println(
        "chaos: "
            + String.join(", ", plan.stream().map(k -> k.label).toList())
            + (shape.manualEdits() > 0 ? ", then " + shape.manualEdits() + " manual edits" : ""));
    long origin = System.currentTimeMillis() + shape.rampDuration().toMillis();
    thread = new Thread(() -> strike(plan, origin), "chaos");
    thread.setDaemon(true);
    thread.start();
  }

  private void strike(List<Kind> plan, long origin) {
    long spacing = shape.duration().toMillis() / (plan.size() + 1);
    long steadyEnd = origin + shape.duration().toMillis();
    for (int i = 0; i < plan.size(); i++) {
      long at = origin + (i + 1) * spacing;
      try {
        Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
        Kind kind = plan.get(i);
        if (System.currentTimeMillis() + length(kind).toMillis()
            > steadyEnd - RECOVERY_ROOM.toMillis()) {
          // Faults ran long: one more would end after the load, with no load left to recover under.
          System.out.println(
              "chaos: "
                  + (plan.size() - i)
                  + " faults skipped: no room left in the steady phase to recover");
          return;
        }
        long start = System.currentTimeMillis();
        String detail = strike(kind);
        log(new FaultLog.Fault(kind.label, start, System.currentTimeMillis(), detail));
      } catch (InterruptedException e) {
        return; // the run is over
      } catch (Exception e) {
        System.err.println("chaos: " + plan.get(i).label + " failed: " + e);
      }
    }
  }

  private void manualEdits() {
    if (shape.manualEdits() == 0 || !run.chaos().possible()) {
      return;
    }
    try {
      long start = System.currentTimeMillis();
      List<String> edited = run.chaos().editRunsBehindTheEnginesBack(shape.manualEdits());
      log(
          new FaultLog.Fault(
              "manual-edit",
              start,
              System.currentTimeMillis(),
              edited.size()
                  + " runs set from succeeded to failed by SQL: "
                  + String.join(", ", edited)));
    } catch (Exception e) {
      System.err.println("chaos: manual edits failed: " + e);
    }
  }

  private void log(FaultLog.Fault fault) {
    System.out.printf(
        "chaos: %s for %.1f s - %s%n",
        fault.kind(), (fault.endEpochMs() - fault.startEpochMs()) / 1000.0, fault.detail());
    Path folder = run.folder();
    if (folder != null) {
      new FaultLog(folder).record(fault);
    }
  }

  /** Stops a schedule still running (the load ended early). */
  public void stop() throws InterruptedException {
    if (thread != null) {
      thread.interrupt();
      thread.join(Duration.ofMinutes(1).toMillis());
    }
  }
}
