package dev.meshhook.load.scenarios;

import dev.meshhook.load.config.ChaosShape;
import dev.meshhook.load.evidence.FaultLog;
import dev.meshhook.load.run.ChaosActions;
import dev.meshhook.load.run.LoadVerification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The fault schedule of a chaos run: engine kills, connection kills, PostgreSQL restarts and pool
 * exhaustions take turns, spread evenly over the steady phase (a fault starts no earlier than the
 * previous one ended), each logged with its start and end; after the drain, the manual edits. The
 * plan is logged too, and every planned fault that could not be injected (it threw, a signal was
 * refused, no room was left, a deployment gives no control of its processes) is logged with why:
 * the verification compares the plan with what struck. Faults need the embedded engine: against a
 * deployment each is skipped with a printed reason, and the checks still run read-only.
 */
public final class Chaos {
  /** Load left after a fault's start, so that its recovery can be seen. */
  static final Duration RECOVERY_ROOM = Duration.ofSeconds(5);

  static final String MANUAL_EDIT = "manual-edit";

  /** A kind of fault the schedule can strike with. */
  public enum Kind {
    ENGINE_KILL("engine-kill"),
    CONNECTION_KILL("connection-kill"),
    POSTGRES_RESTART("postgres-restart"),
    POOL_EXHAUSTION("pool-exhaustion"),
    /**
     * With several engine replicas, an engine kill is this: kill -9 of one replica, left dead while
     * the others go on and take over its runs.
     */
    REPLICA_KILL(FaultLog.REPLICA_KILL);

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** What strikes the faults: the run's chaos actions, or a test's. */
  public interface Faults {
    /** Whether the target's processes and database are ours to hurt. */
    boolean possible();

    /** Whether the engine runs as several replicas: engine kills are then replica kills. */
    default boolean replicated() {
      return false;
    }

    /** Strikes one fault; returns what it did, for the fault log. */
    String strike(Kind kind) throws Exception;

    /** Edits {@code count} finished runs behind the engine's back; returns their load ids. */
    List<String> editRuns(int count) throws Exception;
  }

  private final ChaosShape shape;
  private final Supplier<Path> folder;
  private final Faults faults;
  private final Consumer<Runnable> beforeVerify;
  // Entries for the fault log until the run folder exists (it does once the first request made it).
  private final List<Consumer<FaultLog>> pending = new ArrayList<>();
  private Thread thread;

  private Chaos(
      ChaosShape shape, Supplier<Path> folder, Faults faults, Consumer<Runnable> beforeVerify) {
    this.shape = shape;
    this.folder = folder;
    this.faults = faults;
    this.beforeVerify = beforeVerify;
  }

  /**
   * A schedule of {@code shape}'s faults struck by the run's chaos {@code actions} and logged in
   * its folder; its manual edits are made by {@code verification}, after the drain.
   */
  public static Chaos of(ChaosActions actions, LoadVerification<?> verification, ChaosShape shape) {
    Faults faults =
        new Faults() {
          @Override
          public boolean possible() {
            return actions.possible();
          }

          @Override
          public boolean replicated() {
            return actions.replicated();
          }

          @Override
          public String strike(Kind kind) throws Exception {
            return switch (kind) {
              case ENGINE_KILL -> actions.crashEngine(shape.downtime());
              case REPLICA_KILL -> actions.killReplica();
              case CONNECTION_KILL -> actions.terminateEngineConnections();
              case POSTGRES_RESTART -> actions.restartPostgres(shape.downtime());
              case POOL_EXHAUSTION -> actions.exhaustPool(shape.poolHold());
            };
          }

          @Override
          public List<String> editRuns(int count) throws Exception {
            return actions.editRunsBehindTheEnginesBack(count);
          }
        };
    return new Chaos(shape, actions::folder, faults, verification::beforeVerify);
  }

  /**
   * A schedule of {@code shape}'s faults struck by {@code faults}, logged in {@code folder}; its
   * manual edits are made when {@link #manualEdits()} is called.
   */
  public static Chaos over(ChaosShape shape, Path folder, Faults faults) {
    return new Chaos(shape, () -> folder, faults, action -> {});
  }

  /** The kinds in the order they strike: one of each kind in turn while any is left. */
  static List<Kind> plan(ChaosShape shape) {
    return plan(shape, false);
  }

  /** As {@link #plan(ChaosShape)}; with several replicas, the engine kills are replica kills. */
  static List<Kind> plan(ChaosShape shape, boolean replicated) {
    int[] left = {
      replicated ? 0 : shape.engineKills(),
      shape.connectionKills(),
      shape.postgresRestarts(),
      shape.poolExhaustions(),
      replicated ? shape.engineKills() : 0
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

  /**
   * Starts the schedule; call when the load starts. Returns what stops it: {@link #stop()}, for the
   * run to call when the load is over.
   */
  public AutoCloseable start() {
    List<Kind> plan = begin();
    if (faults.possible()) {
      long origin = System.currentTimeMillis() + shape.rampDuration().toMillis();
      thread = new Thread(() -> strike(plan, origin), "chaos");
      thread.setDaemon(true);
      thread.start();
    }
    return this::stop;
  }

  /**
   * Logs the plan and arranges the manual edits; against a deployment, logs every planned fault as
   * not injected. Returns the plan.
   */
  List<Kind> begin() {
    List<Kind> plan = plan(shape, faults.replicated());
    beforeVerify.accept(this::manualEdits);
    for (Kind kind : Kind.values()) {
      int count = (int) plan.stream().filter(k -> k == kind).count();
      if (count > 0) {
        write(log -> log.planned(kind.label, count));
      }
    }
    if (shape.manualEdits() > 0) {
      write(log -> log.planned(MANUAL_EDIT, 1));
    }
    if (!faults.possible()) {
      System.out.println(
          "chaos: "
              + plan.size()
              + " faults skipped: they need control of the engine and database processes,"
              + " which a deployment does not give; replay and the ledger checks still run, read-only");
      long now = System.currentTimeMillis();
      String why = "a deployment gives no control of the engine and database processes";
      plan.forEach(kind -> notInjected(kind.label, now, why));
      if (shape.manualEdits() > 0) {
        notInjected(MANUAL_EDIT, now, why);
      }
      return plan;
    }
    System.out.println(
        "chaos: "
            + String.join(", ", plan.stream().map(k -> k.label).toList())
            + (shape.manualEdits() > 0 ? ", then " + shape.manualEdits() + " manual edits" : ""));
    return plan;
  }

  /**
   * Strikes the plan's faults, evenly spaced over the steady phase that starts at {@code origin}.
   */
  void strike(List<Kind> plan, long origin) {
    long spacing = shape.duration().toMillis() / (plan.size() + 1);
    long steadyEnd = origin + shape.duration().toMillis();
    for (int i = 0; i < plan.size(); i++) {
      long at = origin + (i + 1) * spacing;
      try {
        Thread.sleep(Math.max(0, at - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        left(plan, i, "the load ended before its turn");
        return;
      }
      Kind kind = plan.get(i);
      if (System.currentTimeMillis() + length(kind).toMillis()
          > steadyEnd - RECOVERY_ROOM.toMillis()) {
        // Faults ran long: one more would end after the load, with no load left to recover under.
        System.out.println(
            "chaos: "
                + (plan.size() - i)
                + " faults skipped: no room left in the steady phase to recover");
        left(plan, i, "no room was left in the steady phase to recover under load");
        return;
      }
      if (!strikeOne(kind)) {
        left(plan, i + 1, "the load ended before its turn");
        return;
      }
    }
  }

  /**
   * Strikes one fault and logs it, injected or not (with the error); false if interrupted, as the
   * run is over then.
   */
  boolean strikeOne(Kind kind) {
    long start = System.currentTimeMillis();
    try {
      String detail = faults.strike(kind);
      log(new FaultLog.Fault(kind.label, start, System.currentTimeMillis(), detail));
      return true;
    } catch (InterruptedException e) {
      notInjected(kind.label, start, "interrupted while it struck: the load ended");
      return false;
    } catch (Exception e) {
      notInjected(kind.label, start, error(e));
      return true;
    }
  }

  private void left(List<Kind> plan, int from, String why) {
    long now = System.currentTimeMillis();
    plan.subList(from, plan.size()).forEach(kind -> notInjected(kind.label, now, why));
  }

  /**
   * The manual edits, after the drain: each edited run is logged for replay to name; edits that
   * could not be made (an error, fewer finished runs than planned) are logged as not injected.
   */
  public void manualEdits() {
    if (shape.manualEdits() > 0 && faults.possible()) {
      long start = System.currentTimeMillis();
      try {
        List<String> edited = faults.editRuns(shape.manualEdits());
        if (!edited.isEmpty()) {
          log(
              new FaultLog.Fault(
                  MANUAL_EDIT,
                  start,
                  System.currentTimeMillis(),
                  edited.size()
                      + " runs set from succeeded to failed by SQL: "
                      + String.join(", ", edited)));
        }
        if (edited.size() < shape.manualEdits()) {
          notInjected(
              MANUAL_EDIT,
              start,
              "only "
                  + edited.size()
                  + " of "
                  + shape.manualEdits()
                  + " runs could be edited: no other succeeded run of this load was found");
        }
      } catch (Exception e) {
        notInjected(MANUAL_EDIT, start, error(e));
      }
    }
    write(log -> {}); // whatever waited for the run folder is in the log before it is read
  }

  private static String error(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private void log(FaultLog.Fault fault) {
    System.out.printf(
        "chaos: %s for %.1f s - %s%n",
        fault.kind(), (fault.endEpochMs() - fault.startEpochMs()) / 1000.0, fault.detail());
    write(log -> log.record(fault));
  }

  private void notInjected(String kind, long start, String why) {
    System.out.println("chaos: " + kind + " could not be injected: " + why);
    FaultLog.Fault fault = new FaultLog.Fault(kind, start, System.currentTimeMillis(), why);
    write(log -> log.notInjected(fault));
  }

  /** Appends {@code entry} and whatever waited before it, once the run folder exists. */
  private synchronized void write(Consumer<FaultLog> entry) {
    pending.add(entry);
    Path folder = this.folder.get();
    if (folder != null) {
      FaultLog log = new FaultLog(folder);
      pending.forEach(e -> e.accept(log));
      pending.clear();
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
