package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompressionType;

/**
 * The Flink configuration {@link JobRunner#flinkConfiguration} derives from the job settings, and
 * its precedence: the job's options, then the cluster's configuration, then the job's defaults.
 */
class JobRunnerConfigurationTest {

  private static JobSettings settings(StateBackendKind backend) {
    return JobSettings.builder(ForecastOperatorConfig.builder("model").build())
        .setStateBackend(backend)
        .build();
  }

  @Test
  void rocksDbStateGetsIncrementalCheckpointsBloomFiltersAndNoCompression() {
    Configuration c = JobRunner.flinkConfiguration(settings(StateBackendKind.ROCKSDB));
    assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(c.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    assertThat(c.get(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isTrue();
    assertThat(c.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
        .containsExactly(CompressionType.NO_COMPRESSION);
  }

  @Test
  void heapStateSetsNoRocksDbOptions() {
    Configuration c = JobRunner.flinkConfiguration(settings(StateBackendKind.HEAP));
    assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
    assertThat(c.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
    assertThat(c.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL)).isFalse();
  }

  private static final JobSettings DEFAULTS =
      JobSettings.builder(ForecastOperatorConfig.builder("model").build()).build();

  private static Configuration cluster(Map<String, String> settings) {
    return Configuration.fromMap(settings);
  }

  @Test
  void onAClusterThatConfiguresNothingTheJobsDefaultsApply() {
    Configuration c = JobRunner.flinkConfiguration(DEFAULTS, new Configuration());
    assertThat(c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
    assertThat(c.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
    assertThat(c.get(PipelineOptions.OBJECT_REUSE)).isTrue();
  }

  @Test
  void theClustersSettingsAreLeftAloneUnlessTheJobWasGivenItsOwn() {
    Configuration cluster =
        cluster(
            Map.of(
                "state.backend.type", "rocksdb",
                "execution.checkpointing.interval", "1 min",
                "restart-strategy.type", "fixed-delay",
                "pipeline.object-reuse", "false",
                "state.backend.rocksdb.use-bloom-filter", "false"));
    Configuration c = JobRunner.flinkConfiguration(DEFAULTS, cluster);
    assertThat(c.contains(StateBackendOptions.STATE_BACKEND)).isFalse();
    assertThat(c.contains(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isFalse();
    assertThat(c.contains(RestartStrategyOptions.RESTART_STRATEGY)).isFalse();
    assertThat(c.contains(PipelineOptions.OBJECT_REUSE)).isFalse();
    assertThat(c.contains(RocksDBConfigurableOptions.USE_BLOOM_FILTER)).isFalse();
    // RocksDB from the cluster still gets what the cluster does not set
    assertThat(c.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
        .containsExactly(CompressionType.NO_COMPRESSION);

    JobSettings own =
        DEFAULTS.toBuilder()
            .setStateBackend(StateBackendKind.HEAP)
            .setCheckpointInterval(Duration.ofSeconds(5))
            .build();
    Configuration explicit = JobRunner.flinkConfiguration(own, cluster);
    assertThat(explicit.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
    assertThat(explicit.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(explicit.contains(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL)).isFalse();
  }

  @Test
  void theJobsGraphUsesTheClustersMaxParallelismAndStateBackend(@TempDir Path tmp)
      throws Exception {
    String model = TestModels.write(tmp.resolve("model")).directory().toString();
    JobSettings s = JobSettings.builder(ForecastOperatorConfig.builder(model).build()).build();
    KafkaSettings k = KafkaSettings.builder("127.0.0.1:9").build();
    for (boolean configured : new boolean[] {false, true}) {
      Configuration cluster =
          configured
              ? cluster(Map.of("pipeline.max-parallelism", "256", "state.backend.type", "rocksdb"))
              : new Configuration();
      Configuration effective = new Configuration(cluster); // as flink run merges them
      effective.addAll(JobRunner.flinkConfiguration(s, cluster));
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(effective);
      JobRunner.wireKafka(env, k, s);
      StreamGraph graph = env.getStreamGraph();
      int want = configured ? 256 : JobRunner.MAX_PARALLELISM;
      assertThat(graph.getStreamNodes())
          .as("max parallelism, cluster configured: %s", configured)
          .allSatisfy(n -> assertThat(n.getMaxParallelism()).isIn(want, -1, 1));
      assertThat(graph.getStreamNodes())
          .anySatisfy(n -> assertThat(n.getMaxParallelism()).isEqualTo(want));
      assertThat(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND))
          .isEqualTo(configured ? "rocksdb" : "hashmap");
    }
  }
}
