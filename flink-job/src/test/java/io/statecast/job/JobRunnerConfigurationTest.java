package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.operator.ForecastOperatorConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;

/** The Flink configuration {@link JobRunner#flinkConfiguration} derives from the job settings. */
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
}
