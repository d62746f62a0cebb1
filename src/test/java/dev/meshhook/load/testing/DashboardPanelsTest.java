package dev.meshhook.load.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checked-in dashboard, read as the Prometheus test reads it: every panel has a query, every
 * query uses only the dashboard's variables, and the suite's panels are filtered by run tag and
 * injector (the engine's by run tag: its series have no injector). Whether each query returns data
 * is MixedSimulationIT's part, against a real Prometheus.
 */
class DashboardPanelsTest {
  private final DashboardPanels dashboard = DashboardPanels.read(DashboardPanels.DASHBOARD);

  @Test
  void everyPanelHasAQueryFilteredByTheRunTag() {
    assertThat(dashboard.variables()).containsExactly("datasource", "run_tag", "injector");
    assertThat(dashboard.queries())
        .isNotEmpty()
        .allSatisfy(
            q -> {
              assertThat(q.expr()).as(q.panel()).isNotBlank().contains("run_tag=~\"$run_tag\"");
              assertThat(DashboardPanels.variablesOf(q.expr()))
                  .as(q.panel())
                  .isSubsetOf(Set.of("run_tag", "injector", "__rate_interval"));
              if (q.expr().contains("meshhook_load_")
                  || q.expr().contains("job=\"meshhook-load\"")) {
                assertThat(q.expr()).as(q.panel()).contains("injector=~\"$injector\"");
              }
            });
  }

  @Test
  void aQueryIsExpandedForOneRunTagAndEveryInjector() {
    DashboardPanels.Query q =
        new DashboardPanels.Query(
            "p", "A", "rate(x{run_tag=~\"$run_tag\", injector=~\"$injector\"}[$__rate_interval])");
    assertThat(q.expanded("20261202T1200000abc", "5s"))
        .isEqualTo("rate(x{run_tag=~\"20261202T1200000abc\", injector=~\".*\"}[5s])");
  }

  @Test
  void anAddedPanelIsAmongTheQueries() {
    assertThat(dashboard.withPanel("extra", "up").queries())
        .last()
        .isEqualTo(new DashboardPanels.Query("extra", "A", "up"));
  }
}
