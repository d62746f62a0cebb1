package dev.meshhook.load.scenarios;

import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.verify.FaultLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault schedule of a chaos run: engine kills and connection kills take turns, spread evenly
 * over the steady phase (a fault starts no earlier than the previous one ended), each logged with
 * its start and end; after the drain, the manual edits. Faults need the embedded engine: against a
 * deployment each is skipped with a printed reason, and the checks still run read-only.
 */
public final class Chaos {
  /** Load left after a fault's start, so that its recovery can be seen. */
  static final Duration RECOVERY_ROOM = Duration.ofSeconds(5);

  private final SuiteRun<ChaosShape> run;
  private final ChaosShape shape;
  private Thread thread;

  private Chaos(SuiteRun<ChaosShape> run) {
    this.run = run;
    this.shape = run.shape();
  }

  public static Chaos of(SuiteRun<ChaosShape> run) {
    return new Chaos(run);
  }

  /** The kinds in the order they strike: engine kill, connection kill, again. */
  List<String> plan() {
    List<String> plan = new ArrayList<>();
    int kills = shape.engineKills(), cuts = shape.connectionKills();
    while (kills + cuts > 0) {
      if (kills-- > 0) {
        plan.add("engine-kill");
      }
      if (cuts-- > 0) {
        plan.add("connection-kill");
      }
    }
    return plan;
  }

  /** Starts the schedule; call when the load starts. */
  public void start() {
    List<String> plan = plan();
    run.beforeVerify(this::manualEdits);
    if (!run.embedded()) {
      System.out.println("chaos: " + plan.size() + " faults skipped: they need control of the engine and database processes,"
          + " which a deployment does not give; replay and the ledger checks still run, read-only");
      return;
    }
    System.out.println("chaos: " + String.join(", ", plan) + (shape.manualEdits() > 0 ? ", then " + shape.manualEdits() + " manual edits" : ""));
    long origin = System.currentTimeMillis() + shape.rampDuration().toMillis();
    thread = new Thread(() -> strike(plan, origin), "chaos");
    thread.setDaemon(true);
    thread.start();
  }

  private void strike(List<String> plan, long origin) {
    long spacing = shape.duration().toMillis() / (plan.size() + 1);
    long steadyEnd = origin + shape.duration().toMillis();
    for (int i = 0; i < plan.size(); i++) {
      long at = origin + (i + 1) * spacing;
      try {
        Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
        if (System.currentTimeMillis() + shape.downtime().toMillis() > steadyEnd - RECOVERY_ROOM.toMillis()) {
          // Faults ran long: one more would end after the load, with no load left to recover under.
          System.out.println("chaos: " + (plan.size() - i) + " faults skipped: no room left in the steady phase to recover");
          return;
        }
        long start = System.currentTimeMillis();
        String detail = plan.get(i).equals("engine-kill") ? run.crashEngine(shape.downtime()) : run.terminateEngineConnections();
        long end = System.currentTimeMillis();
        log(new FaultLog.Fault(plan.get(i), start, end, detail));
      } catch (InterruptedException e) {
        return; // the run is over
      } catch (Exception e) {
        System.err.println("chaos: " + plan.get(i) + " failed: " + e);
      }
    }
  }

  private void manualEdits() {
    if (shape.manualEdits() == 0 || !run.embedded()) {
      return;
    }
    try {
      long start = System.currentTimeMillis();
      List<String> edited = run.editRunsBehindTheEnginesBack(shape.manualEdits());
      log(new FaultLog.Fault("manual-edit", start, System.currentTimeMillis(),
          edited.size() + " runs set from succeeded to failed by SQL: " + String.join(", ", edited)));
    } catch (Exception e) {
      System.err.println("chaos: manual edits failed: " + e);
    }
  }

  private void log(FaultLog.Fault fault) {
    System.out.printf("chaos: %s for %.1f s - %s%n", fault.kind(), (fault.endEpochMs() - fault.startEpochMs()) / 1000.0, fault.detail());
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
