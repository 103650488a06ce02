package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration, the alert rules, Grafana's provisioning and the Statecast dashboard
 * are well formed and agree with {@code docker-compose.yml}: the files parse (YAML, JSON), the
 * scrape targets are the compose services on the ports they serve metrics on, the rules have the
 * fields Prometheus and Alertmanager use, the provisioning has Grafana's structure and points at
 * the mounted paths, every panel queries the provisioned datasource, and every expression names at
 * least one metric with balanced brackets. {@code promtool} checks the configuration and the rules
 * where it is installed (Debian: {@code apt-get install prometheus}); that check is skipped
 * elsewhere. That the named metrics exist is {@link MonitoringMetricsIT}'s part.
 */
class MonitoringConfigTest {

  private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

  @Test
  void prometheusScrapesTheFlinkReporterAndTheModelServer() {
    Map<String, Object> config = MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS);
    assertThat(config.get("rule_files")).isEqualTo(List.of("alerts.yml"));
    Set<String> targets = new HashSet<>();
    for (Object job : (List<?>) config.get("scrape_configs")) {
      Map<String, Object> j = map(job);
      for (Object sc : (List<?>) j.get("static_configs")) {
        for (Object t : (List<?>) map(sc).get("targets")) {
          targets.add(j.get("metrics_path") + " " + t);
        }
      }
    }
    String port = compose().flinkProperty("metrics.reporter.prom.port");
    assertThat(targets)
        .containsExactlyInAnyOrder(
            "null jobmanager:" + port,
            "null taskmanager-1:" + port,
            "null taskmanager-2:" + port,
            "/metrics model-server:8080");
    for (String t : targets) {
      String service = t.substring(t.indexOf(' ') + 1, t.indexOf(':'));
      assertThat(compose().services()).as("a compose service: " + service).containsKey(service);
    }
    assertThat(compose().volumes("prometheus")).contains("./deploy/prometheus:/etc/prometheus:ro");
  }

  @Test
  void everyAlertRuleHasTheFieldsAlertingUses() {
    List<Map<String, Object>> rules = MonitoringFiles.alertRules();
    Set<String> names = new HashSet<>();
    for (Map<String, Object> r : rules) {
      String name = String.valueOf(r.get("alert"));
      assertThat(names.add(name)).as("unique alert name " + name).isTrue();
      assertThat(r.keySet()).as(name).containsOnly("alert", "expr", "for", "labels", "annotations");
      assertThat(String.valueOf(r.get("for"))).as(name).matches("\\d+[smh]");
      assertThat(map(r.get("labels")).get("severity")).as(name).isIn(SEVERITIES);
      assertThat(map(r.get("annotations")))
          .as(name)
          .containsKeys("summary", "description")
          .allSatisfy((k, v) -> assertThat(String.valueOf(v)).isNotBlank());
    }
    assertThat(names)
        .contains(
            "StatecastJobDown",
            "StatecastDeadLetterRate",
            "StatecastConsumerLag",
            "StatecastNonFiniteStates");
  }

  @Test
  void grafanaProvisionsThePrometheusDatasourceAndTheDashboardDirectory() throws IOException {
    Map<String, Object> ds = single(MonitoringFiles.DATASOURCES);
    assertThat(ds.get("apiVersion")).isEqualTo(1);
    Map<String, Object> source = map(((List<?>) ds.get("datasources")).get(0));
    assertThat(source)
        .containsEntry("type", "prometheus")
        .containsEntry("access", "proxy")
        .containsEntry("url", "http://prometheus:9090")
        .containsEntry("uid", datasourceUid());
    assertThat(compose().services()).containsKey("prometheus");

    Map<String, Object> providers = single(MonitoringFiles.DASHBOARD_PROVIDERS);
    assertThat(providers.get("apiVersion")).isEqualTo(1);
    Map<String, Object> provider = map(((List<?>) providers.get("providers")).get(0));
    assertThat(provider).containsEntry("type", "file");
    String path = String.valueOf(map(provider.get("options")).get("path"));
    assertThat(compose().volumes("grafana"))
        .contains(
            "./deploy/grafana/dashboards:" + path + ":ro",
            "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    assertThat(compose().environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
        .isEqualTo(path + "/" + MonitoringFiles.DASHBOARD.getFileName());
  }

  @Test
  void everyDashboardPanelQueriesTheProvisionedDatasource() {
    JsonNode d = MonitoringFiles.dashboard();
    assertThat(d.path("uid").asText()).isNotBlank();
    assertThat(d.path("title").asText()).isEqualTo("Statecast");
    assertThat(d.path("schemaVersion").asInt()).isPositive();
    Set<Integer> ids = new HashSet<>();
    List<JsonNode> panels = MonitoringFiles.queryPanels();
    assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
    for (JsonNode p : panels) {
      String title = p.path("title").asText();
      assertThat(ids.add(p.path("id").asInt())).as("unique id of " + title).isTrue();
      assertThat(p.path("type").asText()).as(title).isIn("timeseries", "stat", "gauge", "table");
      assertThat(p.path("description").asText()).as(title).isNotBlank();
      JsonNode pos = p.path("gridPos");
      assertThat(pos.path("w").asInt()).as(title).isBetween(1, 24);
      assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as(title).isLessThanOrEqualTo(24);
      assertThat(p.path("datasource").path("uid").asText()).as(title).isEqualTo(datasourceUid());
      assertThat(p.path("targets")).as(title).isNotEmpty();
      Set<String> refIds = new HashSet<>();
      for (JsonNode t : p.path("targets")) {
        assertThat(refIds.add(t.path("refId").asText())).as(title + " refIds").isTrue();
        assertThat(t.path("expr").asText()).as(title).isNotBlank();
      }
    }
  }

  @Test
  void everyExpressionNamesAMetricWithBalancedBrackets() {
    for (MonitoringFiles.Query q : MonitoringFiles.queries()) {
      assertThat(PromQl.metricNames(q.expr())).as(q.where()).isNotEmpty();
      assertThat(balanced(q.expr())).as("%s: %s", q.where(), q.expr()).isTrue();
    }
  }

  @Test
  void theMetricNamesOfAnExpressionAreItsSelectorsOnly() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=\"x\", le!=\"b\"}[5m])))"
                    + " / on (instance) group_left (pod) b offset 5m"
                    + " or sum(c) without (kind) > bool 1e3 and vector(0)"))
        .containsExactly("a_bucket", "b", "c");
    assertThat(PromQl.metricNames("sum by (kind) (rate(x_total{kind=~\"A|B\"}[$__rate_interval]))"))
        .containsExactly("x_total");
  }

  @Test
  void promtoolAcceptsTheConfigurationAndTheRules() throws Exception {
    assumeTrue(
        onPath("promtool"), "promtool is not installed (Debian: apt-get install prometheus)");
    for (List<String> check :
        List.of(
            List.of("promtool", "check", "config", MonitoringFiles.PROMETHEUS.toString()),
            List.of("promtool", "check", "rules", MonitoringFiles.ALERTS.toString()))) {
      Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
    }
  }

  // ---- helpers

  private static String datasourceUid() {
    return "statecast-prometheus";
  }

  private static boolean balanced(String expr) {
    StringBuilder open = new StringBuilder();
    boolean quoted = false;
    for (char c : expr.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && "([{".indexOf(c) >= 0) {
        open.append(c);
      } else if (!quoted && ")]}".indexOf(c) >= 0) {
        if (open.isEmpty() || "([{".indexOf(open.charAt(open.length() - 1)) != ")]}".indexOf(c)) {
          return false;
        }
        open.setLength(open.length() - 1);
      }
    }
    return open.isEmpty() && !quoted;
  }

  /** The one YAML file of a provisioning directory. */
  private static Map<String, Object> single(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
          .forEach(files::add);
    }
    assertThat(files).as(dir.toString()).hasSize(1);
    return MonitoringFiles.yaml(files.get(0));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  private static ComposeServices compose() {
    return new ComposeServices(
        MonitoringFiles.yaml(MonitoringFiles.ROOT.resolve("docker-compose.yml")));
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** The services of the compose file. */
  private record ComposeServices(Map<String, Object> file) {

    Map<String, Object> services() {
      return map(file.get("services"));
    }

    List<String> volumes(String service) {
      return ((List<?>) map(services().get(service)).get("volumes"))
          .stream().map(String::valueOf).toList();
    }

    Map<String, Object> environment(String service) {
      return map(map(services().get(service)).get("environment"));
    }

    String flinkProperty(String key) {
      for (String line :
          String.valueOf(environment("jobmanager").get("FLINK_PROPERTIES")).split("\n")) {
        if (line.startsWith(key + ":")) {
          return line.substring(key.length() + 1).trim();
        }
      }
      throw new AssertionError("no " + key + " in FLINK_PROPERTIES");
    }
  }
}
