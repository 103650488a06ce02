package io.statecast.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring files of the compose stack, read as Prometheus and Grafana read them: the
 * Prometheus configuration and alert rules in {@code deploy/prometheus/}, Grafana's provisioning
 * and the Statecast dashboard in {@code deploy/grafana/}.
 */
final class MonitoringFiles {

  static final Path ROOT = RepositoryFiles.root();
  static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");
  static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
  static final Path DATASOURCES = ROOT.resolve("deploy/grafana/provisioning/datasources");
  static final Path DASHBOARD_PROVIDERS = ROOT.resolve("deploy/grafana/provisioning/dashboards");
  static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/statecast.json");

  /**
   * One PromQL expression and where it is ({@code dashboard: panel title} or {@code alert: name}).
   */
  record Query(String where, String expr) {}

  private MonitoringFiles() {}

  static JsonNode dashboard() {
    try {
      return new ObjectMapper().readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A YAML file as maps and lists. */
  static Map<String, Object> yaml(Path file) {
    try {
      return new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dashboard's panels that query (rows excluded), nested rows' panels included. */
  static List<JsonNode> queryPanels() {
    List<JsonNode> out = new ArrayList<>();
    collect(dashboard().path("panels"), out);
    return out;
  }

  private static void collect(JsonNode panels, List<JsonNode> out) {
    for (JsonNode p : panels) {
      if ("row".equals(p.path("type").asText())) {
        collect(p.path("panels"), out);
      } else {
        out.add(p);
      }
    }
  }

  /** Every alert rule of {@link #ALERTS}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alertRules() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object g : (List<?>) yaml(ALERTS).get("groups")) {
      for (Object r : (List<?>) ((Map<String, Object>) g).get("rules")) {
        out.add((Map<String, Object>) r);
      }
    }
    return out;
  }

  /** Every PromQL expression of the dashboard's panels and of the alert rules. */
  static List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (JsonNode p : queryPanels()) {
      for (JsonNode t : p.path("targets")) {
        out.add(new Query("dashboard: " + p.path("title").asText(), t.path("expr").asText()));
      }
    }
    for (Map<String, Object> r : alertRules()) {
      out.add(new Query("alert: " + r.get("alert"), String.valueOf(r.get("expr"))));
    }
    return out;
  }
}
