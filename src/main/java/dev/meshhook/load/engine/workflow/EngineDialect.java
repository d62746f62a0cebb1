package dev.meshhook.load.engine.workflow;

/**
 * How the engine writes the contract tables. {@code reference} is this engine's own way; {@code
 * meshhook} is real MeshHook's (DESIGN.md, "Real MeshHook"): steps named by their node, every http
 * attempt and every failed attempt logged, definitions stored as nodes and edges, events
 * partitioned by time and an empty 202. Both keep the contract, so the checker must judge either
 * without knowing which wrote the rows.
 */
public enum EngineDialect {
  REFERENCE("reference"),
  MESHHOOK("meshhook");

  private final String flag;

  EngineDialect(String flag) {
    this.flag = flag;
  }

  public String flag() {
    return flag;
  }
}
