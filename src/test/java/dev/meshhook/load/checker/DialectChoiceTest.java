package dev.meshhook.load.checker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialectChoiceTest {
  @Test
  void integerStepsChooseTheReferenceDialect() {
    DialectChoice c = DialectChoice.chosen(new DialectChoice.Evidence(40, 0, 40, 6, 0, 6));
    assertThat(c.dialect()).isEqualTo(Dialect.REFERENCE);
    assertThat(c.named()).isFalse();
    assertThat(c.describe()).contains("auto:").contains("40 name an integer 'step'");
  }

  @Test
  void nodeIdsChooseTheMeshHookDialect() {
    DialectChoice c = DialectChoice.chosen(new DialectChoice.Evidence(0, 12, 12, 0, 6, 6));
    assertThat(c.dialect()).isEqualTo(Dialect.MESHHOOK);
    assertThat(c.why()).contains("12 a 'node.id'").contains("6 nodes/edges graph(s)");
  }

  @Test
  void anEvenMixOrAnUnknownWayLeavesOnlyTheContractLevel() {
    assertThat(DialectChoice.chosen(new DialectChoice.Evidence(5, 5, 10, 6, 0, 6)).dialect())
        .isEqualTo(Dialect.CONTRACT);
    DialectChoice neither = DialectChoice.chosen(new DialectChoice.Evidence(0, 0, 9, 0, 0, 6));
    assertThat(neither.dialect()).isEqualTo(Dialect.CONTRACT);
    assertThat(neither.why()).contains("no dialect reads a clear majority");
  }

  @Test
  void oneUnreadableStepEventAmongAThousandKeepsTheDialectThatReadsTheRest() {
    assertThat(DialectChoice.chosen(new DialectChoice.Evidence(999, 0, 1000, 6, 0, 6)).dialect())
        .isEqualTo(Dialect.REFERENCE);
    assertThat(DialectChoice.chosen(new DialectChoice.Evidence(0, 999, 1000, 0, 6, 6)).dialect())
        .isEqualTo(Dialect.MESHHOOK);
    // A few events in the other dialect do not switch it either.
    assertThat(DialectChoice.chosen(new DialectChoice.Evidence(900, 90, 1000, 6, 0, 6)).dialect())
        .isEqualTo(Dialect.REFERENCE);
    // Half unreadable is no clear majority.
    assertThat(DialectChoice.chosen(new DialectChoice.Evidence(500, 0, 1000, 6, 0, 6)).dialect())
        .isEqualTo(Dialect.CONTRACT);
  }

  @Test
  void withoutStepEventsTheDefinitionsDecide() {
    assertThat(DialectChoice.chosen(new DialectChoice.Evidence(0, 0, 0, 0, 3, 3)).dialect())
        .isEqualTo(Dialect.MESHHOOK);
    assertThat(DialectChoice.chosen(new DialectChoice.Evidence(0, 0, 0, 3, 0, 3)).dialect())
        .isEqualTo(Dialect.REFERENCE);
    DialectChoice none = DialectChoice.chosen(new DialectChoice.Evidence(0, 0, 0, 1, 1, 3));
    assertThat(none.dialect()).isEqualTo(Dialect.CONTRACT);
    assertThat(none.why()).contains("no step_succeeded event");
  }
}
