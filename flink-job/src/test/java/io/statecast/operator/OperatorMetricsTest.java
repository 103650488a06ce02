package io.statecast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.StatePolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.dump.QueryScopeInfo;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's metrics under the names users alert on, registered in Flink's real metric groups
 * (a TaskManager's, down to operator {@code lstm-forecast}), named as Flink 2.1's Prometheus
 * reporter names them ({@code AbstractPrometheusReporter}: {@code "flink_"} + the group's logical
 * scope joined by {@code _} + {@code _} + the metric's name, invalid characters as {@code _}; the
 * group's variables as labels) and as the REST API does (the operator's name, the query scope, the
 * metric's name, joined by dots).
 */
class OperatorMetricsTest {

  private static final CharacterFilter PROMETHEUS = s -> s.replaceAll("[^a-zA-Z0-9:_]", "_");

  /** Prometheus name → its labels (without Flink's own) → the metric, of every registration. */
  private final Map<String, Map<String, Metric>> prometheus = new TreeMap<>();

  private final Map<String, Metric> rest = new TreeMap<>();
  private OperatorMetrics metrics;

  @BeforeEach
  void register() {
    TestingMetricRegistry registry =
        TestingMetricRegistry.builder().setRegisterConsumer(this::registered).build();
    InternalOperatorMetricGroup group =
        TaskManagerMetricGroup.createTaskManagerMetricGroup(
                registry, "localhost", ResourceID.generate())
            .addJob(new JobID(), "statecast")
            .addTask(ExecutionAttemptID.randomId(), "lstm-forecast")
            .getOrAddOperator("lstm-forecast");
    metrics = new OperatorMetrics(group, () -> 7L, () -> 2);
  }

  private void registered(Metric metric, String name, AbstractMetricGroup<?> group) {
    if (!(group.getQueryServiceMetricInfo(s -> s)
        instanceof QueryScopeInfo.OperatorQueryScopeInfo info)) {
      return; // the task's own metrics
    }
    String scope = group.getLogicalScope(PROMETHEUS, '_');
    Map<String, String> labels = new LinkedHashMap<>();
    group
        .getAllVariables()
        .forEach(
            (k, v) -> {
              String label = k.substring(1, k.length() - 1);
              if (label.equals("kind") || label.equals("policy") || label.equals("model_version")) {
                labels.put(label, v);
              }
            });
    prometheus
        .computeIfAbsent(
            "flink_" + scope + "_" + PROMETHEUS.filterCharacters(name), n -> new TreeMap<>())
        .put(labels.toString(), metric);
    rest.put(
        info.operatorName + "." + (info.scope.isEmpty() ? "" : info.scope + ".") + name, metric);
  }

  @Test
  void operatorMetricsHaveTheDocumentedPrometheusNames() {
    assertThat(prometheus.keySet())
        .contains(
            "flink_taskmanager_job_task_operator_eventsIn",
            "flink_taskmanager_job_task_operator_forecastsOut",
            "flink_taskmanager_job_task_operator_lateEvents",
            "flink_taskmanager_job_task_operator_eventTimeJumps",
            "flink_taskmanager_job_task_operator_latencyMillis",
            "flink_taskmanager_job_task_operator_deadLetters",
            "flink_taskmanager_job_task_operator_kind_deadLetters",
            "flink_taskmanager_job_task_operator_policy_statesCarriedOver",
            "flink_taskmanager_job_task_operator_keysWithState",
            "flink_taskmanager_job_task_operator_stateAgeMillis",
            "flink_taskmanager_job_task_operator_nonFiniteStates",
            "flink_taskmanager_job_task_operator_modelVersion")
        .noneMatch(n -> n.contains("deadLetters_") || n.contains("statesCarriedOver_"));
    assertThat(prometheus.get("flink_taskmanager_job_task_operator_kind_deadLetters"))
        .hasSize(ErrorKind.values().length)
        .containsKey("{kind=NON_FINITE_STATE}")
        .containsKey("{kind=LATE_EVENT}");
    assertThat(prometheus.get("flink_taskmanager_job_task_operator_policy_statesCarriedOver"))
        .containsOnlyKeys("{policy=KEEP}", "{policy=RESET}", "{policy=REWARM}");
    assertThat(StatePolicy.values()).hasSize(3);
  }

  @Test
  void forecastsAreCountedPerModelVersionUnderALabel() {
    metrics.forecast(1);
    metrics.forecast(1);
    metrics.forecast(2);
    metrics.forecast(1);

    Map<String, Metric> byVersion =
        prometheus.get("flink_taskmanager_job_task_operator_model_version_forecasts");
    assertThat(byVersion).containsOnlyKeys("{model_version=1}", "{model_version=2}");
    assertThat(((Counter) byVersion.get("{model_version=1}")).getCount()).isEqualTo(3);
    assertThat(((Counter) byVersion.get("{model_version=2}")).getCount()).isEqualTo(1);
    assertThat(metrics.forecastsOut.getCount()).isEqualTo(4);
  }

  @Test
  void restNamesAreDottedWithTheKindAsAScopeComponent() {
    metrics.deadLetter(ErrorKind.LATE_EVENT);
    metrics.deadLetter(ErrorKind.LATE_EVENT);
    metrics.deadLetter(ErrorKind.DUPLICATE_EVENT);

    assertThat(((Counter) rest.get("lstm-forecast.kind.LATE_EVENT.deadLetters")).getCount())
        .isEqualTo(2);
    assertThat(((Counter) rest.get("lstm-forecast.kind.DUPLICATE_EVENT.deadLetters")).getCount())
        .isEqualTo(1);
    assertThat(((Counter) rest.get("lstm-forecast.deadLetters")).getCount()).isEqualTo(3);
    assertThat(rest).containsKeys("lstm-forecast.policy.REWARM.statesCarriedOver");
  }

  @Test
  void stateAgeIsTheEventTimeSinceTheKeysPreviousEvent() {
    metrics.stateAge(5_000, Long.MIN_VALUE); // a key's first event: no age
    metrics.stateAge(5_000, 2_000);
    metrics.stateAge(9_000, 5_000);

    assertThat(metrics.stateAgeMillis.getCount()).isEqualTo(2);
    assertThat(metrics.stateAgeMillis.getStatistics().getMin()).isEqualTo(3_000);
    assertThat(metrics.stateAgeMillis.getStatistics().getMax()).isEqualTo(4_000);
  }
}
