package dev.meshhook.load.checker;

import java.util.Collection;
import java.util.Locale;

/**
 * The one scale every judgement of a run is on: the checker's verdict, a profile's classification,
 * the probes, the regression check and the run's status. Declared from best to worst, and {@link
 * #worst} picks the later: a warning is worse than a pass, not knowing is worse than a warning, and
 * a failure found is worst of all, since a failure seen on what could be judged is a failure
 * whatever else could not be judged (as Jepsen's checkers compose: invalid wins over unknown).
 */
public enum Outcome {
  PASS,
  WARN,
  UNKNOWN,
  FAIL;

  /** As reports and the history write it: pass, warn, unknown, fail. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a run with this outcome may pass the build (a warning does). */
  public boolean passes() {
    return this == PASS || this == WARN;
  }

  /** The worse of the two. */
  public Outcome worst(Outcome other) {
    return other.compareTo(this) > 0 ? other : this;
  }

  /**
   * The worst of them; PASS for none, as nothing was found wrong (callers say UNKNOWN when nothing
   * judged proves nothing).
   */
  public static Outcome worst(Collection<Outcome> outcomes) {
    Outcome worst = PASS;
    for (Outcome o : outcomes) {
      worst = worst.worst(o);
    }
    return worst;
  }

  /** The outcome a report's label names (pass, warn, unknown, fail), in any case. */
  public static Outcome of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
