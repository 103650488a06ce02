package io.statecast.cluster;

import static io.statecast.cluster.KubernetesDeploymentTest.FLINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.junit.jupiter.api.Test;

/**
 * The FlinkDeployment's flinkConfiguration: every key is a Flink option with a valid value (or the
 * operator's own, {@code kubernetes.operator.*}), the pods' memory adds up, the settings the job
 * needs on any cluster are docker-compose.yml's, and checkpoints, savepoints and HA metadata go to
 * the file system that the pods enable.
 */
class KubernetesFlinkConfigurationTest {

  /** Settings that are the same on every cluster the job runs on (docker-compose.yml's). */
  private static final List<String> AS_IN_COMPOSE =
      List.of(
          "taskmanager.numberOfTaskSlots",
          "taskmanager.memory.managed.fraction",
          "taskmanager.load-balance.mode",
          "env.java.opts.all",
          "env.java.opts.taskmanager",
          "classloader.parent-first-patterns.additional",
          "state.backend.type",
          "execution.checkpointing.storage",
          "execution.checkpointing.externalized-checkpoint-retention",
          "metrics.reporters",
          "metrics.reporter.prom.factory.class",
          "metrics.reporter.prom.port",
          "heartbeat.interval",
          "heartbeat.timeout");

  @Test
  void everySettingIsAFlinkOptionWithAValidValue() throws IllegalAccessException {
    Map<String, String> props = flinkConfiguration();
    Map<String, ConfigOption<?>> known = RepositoryFiles.flinkOptions();
    Configuration conf = Configuration.fromMap(props);
    List<String> reporters = List.of(props.get("metrics.reporters").split(","));
    for (String key : props.keySet()) {
      Matcher reporter = Pattern.compile("metrics\\.reporter\\.([^.]+)\\..+").matcher(key);
      if (reporter.matches()) {
        assertThat(reporters).as(key).contains(reporter.group(1));
      } else if (!key.startsWith("kubernetes.operator.")) {
        assertThat(known.containsKey(key)).as("a Flink option: " + key).isTrue();
        assertThatCode(() -> conf.get(known.get(key))).as(key).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void thePodsMemoryAddsUp() {
    // The operator sets the process sizes from the resources (MemorySize first: 1600m = 1600 MiB).
    Configuration conf = Configuration.fromMap(flinkConfiguration());
    JsonNode spec = FLINK.path("spec");
    conf.set(
        JobManagerOptions.TOTAL_PROCESS_MEMORY,
        MemorySize.parse(spec.path("jobManager").path("resource").path("memory").asText()));
    conf.set(
        TaskManagerOptions.TOTAL_PROCESS_MEMORY,
        MemorySize.parse(spec.path("taskManager").path("resource").path("memory").asText()));
    assertThatCode(() -> TaskExecutorProcessUtils.processSpecFromConfig(conf))
        .doesNotThrowAnyException();
    assertThatCode(() -> JobManagerProcessUtils.processSpecFromConfig(conf))
        .doesNotThrowAnyException();
    // docker-compose.yml's sizes, which the benchmarks and tests ran with.
    Map<String, String> compose = composeFlinkProperties();
    assertThat(MemorySize.parse(compose.get("taskmanager.memory.process.size")))
        .isEqualTo(conf.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY));
    assertThat(MemorySize.parse(compose.get("jobmanager.memory.process.size")))
        .isEqualTo(conf.get(JobManagerOptions.TOTAL_PROCESS_MEMORY));
  }

  @Test
  void theJobsClusterSettingsAreDockerComposes() {
    Map<String, String> compose = composeFlinkProperties();
    Map<String, String> k8s = flinkConfiguration();
    for (String key : AS_IN_COMPOSE) {
      assertThat(k8s.get(key)).as(key).isNotNull().isEqualTo(compose.get(key));
    }
  }

  @Test
  void stateAndHaMetadataGoToTheFileSystemThePodsEnable() {
    Configuration conf = Configuration.fromMap(flinkConfiguration());
    assertThat(conf.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("kubernetes");
    assertThat(FLINK.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
    String plugin =
        KubernetesManifests.env(
            KubernetesDeploymentTest.flinkContainer(), "ENABLE_BUILT_IN_PLUGINS");
    assertThat(plugin).startsWith("flink-s3-fs-");
    for (String dir :
        List.of(
            conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
            conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
            conf.get(HighAvailabilityOptions.HA_STORAGE_PATH))) {
      assertThat(dir).startsWith("s3://");
    }
  }

  @Test
  void prometheusScrapesTheReportersPort() {
    String port = flinkConfiguration().get("metrics.reporter.prom.port");
    JsonNode container = KubernetesDeploymentTest.flinkContainer();
    JsonNode metrics = container.path("ports").get(0);
    assertThat(metrics.path("name").asText()).isEqualTo("metrics");
    assertThat(metrics.path("containerPort").asText()).isEqualTo(port);
    JsonNode annotations =
        FLINK.path("spec").path("podTemplate").path("metadata").path("annotations");
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(port);
    assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
  }

  // ---- helpers

  /** flinkConfiguration, whose values must be strings (as Flink's config.yaml reads them). */
  static Map<String, String> flinkConfiguration() {
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it =
        FLINK.path("spec").path("flinkConfiguration").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      assertThat(e.getValue().isTextual()).as(e.getKey() + " is a string").isTrue();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static Map<String, String> composeFlinkProperties() {
    String text =
        KubernetesManifests.composeService("jobmanager")
            .path("environment")
            .path("FLINK_PROPERTIES")
            .asText();
    Map<String, String> props = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        props.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return props;
  }
}
