package dev.meshhook.load.figures;

/**
 * How busy each resource was over one step, averaged over its samples: the "U" and "S" of the USE
 * method. NaN where the target does not publish the figure (no {@code /metrics}, a role that cannot
 * see other sessions): not measured, never 0.
 *
 * @param engineCpu the engine's CPU as a fraction of the machine's cores (0 to 1)
 * @param poolActive database connections in use by the engine
 * @param poolPending requests waiting for a connection from the engine's pool
 * @param queueDepth runs queued and not yet claimed by a worker
 * @param workersBusy the engine's workers not parked waiting for work, as a fraction of them
 * @param engineGc the share of the step's time the engine spent in GC pauses (0 to 1)
 * @param dbConnections the database's sessions, idle ones included: the connections its clients
 *     hold, which a session waiting on a lock or on I/O takes out of use
 * @param dbActive average active sessions of the database (all wait classes)
 * @param dbCpu average active sessions on CPU (active, waiting on nothing)
 * @param dbLock average active sessions waiting on a heavyweight lock
 * @param dbIo average active sessions waiting on I/O or WAL
 * @param dbCores the cores the database runs on (known for the embedded engine only)
 * @param injectorCpu the injector's own CPU as a fraction of its cores
 */
public record Usage(
    double engineCpu,
    double poolActive,
    double poolPending,
    double queueDepth,
    double workersBusy,
    double engineGc,
    double dbConnections,
    double dbActive,
    double dbCpu,
    double dbLock,
    double dbIo,
    double dbCores,
    double injectorCpu) {
  public static final Usage UNKNOWN =
      new Usage(
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN);
}
