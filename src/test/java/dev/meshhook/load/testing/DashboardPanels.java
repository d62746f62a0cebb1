package dev.meshhook.load.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The PromQL of a Grafana dashboard's panels (rows left out), and each query with the dashboard's
 * variables filled in, as Grafana would send it for one run tag and every injector: what a test
 * asks a real Prometheus to prove that no panel stays empty.
 */
public final class DashboardPanels {
  /** The dashboard checked in for users. */
  public static final Path DASHBOARD =
      Path.of("deploy", "grafana", "dashboards", "meshhook-load.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One query of one panel. */
  public record Query(String panel, String refId, String expr) {
    /** The expression for run {@code runTag}, all injectors, rates over {@code rateWindow}. */
    public String expanded(String runTag, String rateWindow) {
      if (!runTag.matches("[A-Za-z0-9]+")) {
        throw new IllegalArgumentException("not a run tag: " + runTag);
      }
      return expr.replace("$__rate_interval", rateWindow)
          .replace("$run_tag", runTag)
          .replace("$injector", ".*");
    }
  }

  private final ObjectNode dashboard;

  private DashboardPanels(ObjectNode dashboard) {
    this.dashboard = dashboard;
  }

  public static DashboardPanels read(Path file) {
    try {
      return new DashboardPanels((ObjectNode) JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard " + file, e);
    }
  }

  /** The dashboard's variables by name ({@code templating.list[].name}). */
  public List<String> variables() {
    List<String> names = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(v -> names.add(v.path("name").asText()));
    return names;
  }

  /** Every query of every panel that is not a row, in the dashboard's order. */
  public List<Query> queries() {
    List<Query> all = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asText())) {
        continue;
      }
      String title = panel.path("title").asText();
      JsonNode targets = panel.path("targets");
      if (targets.isEmpty()) {
        all.add(new Query(title, "", ""));
      }
      for (JsonNode target : targets) {
        all.add(new Query(title, target.path("refId").asText(), target.path("expr").asText()));
      }
    }
    return all;
  }

  /**
   * This dashboard with one more panel of one query: how a test shows that a panel no exporter
   * feeds is caught.
   */
  public DashboardPanels withPanel(String title, String expr) {
    ObjectNode copy = dashboard.deepCopy();
    ObjectNode panel = copy.withArray("panels").addObject();
    panel.put("type", "timeseries").put("title", title);
    panel.putArray("targets").addObject().put("refId", "A").put("expr", expr);
    return new DashboardPanels(copy);
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_]+)");

  /** The variables a query uses, {@code $__rate_interval} included. */
  public static List<String> variablesOf(String expr) {
    List<String> used = new ArrayList<>();
    VARIABLE.matcher(expr).results().forEach(m -> used.add(m.group(1)));
    return used;
  }
}
