package io.statecast.job;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.rocksdb.CompressionType;

/**
 * The Flink configuration the job brings to a cluster. For each setting the precedence is:
 *
 * <ol>
 *   <li>an option the job was given ({@code --checkpoint-interval}, {@code --state-backend}, {@code
 *       --checkpoint-dir}, {@code --from-savepoint});
 *   <li>the cluster's configuration ({@code config.yaml}, {@code -D} of {@code flink run}, the
 *       environment's configuration in a program): the job leaves what is set there alone;
 *   <li>the job's default: checkpoints every {@link #DEFAULT_CHECKPOINT_INTERVAL}, exactly once;
 *       heap state ({@code hashmap}); with RocksDB, incremental checkpoints, Bloom filters and no
 *       compression (float32 states do not compress); restarts with exponential back-off; object
 *       reuse (every operator of the job emits fresh objects and keeps none it emitted); max
 *       parallelism {@link #MAX_PARALLELISM} (set on the environment, see {@link
 *       #maxParallelismConfigured}).
 * </ol>
 */
final class JobConfiguration {

  /** Checkpoint interval when neither the job nor the cluster sets one. */
  static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  /**
   * Key groups when the cluster sets no {@code pipeline.max-parallelism}: the most subtasks the
   * keyed state can ever be spread over; a savepoint restores at any parallelism up to it.
   */
  static final int MAX_PARALLELISM = 128;

  /**
   * Restarts tried (without the job running {@link #RESTART_RESET} in between) before it fails for
   * good. Restarts back off exponentially from {@link #RESTART_INITIAL_DELAY} to {@link
   * #RESTART_MAX_DELAY}: after a TaskManager crash its slots stay registered until the heartbeat
   * times out, and a fixed short delay can spend every attempt deploying to the dead process.
   */
  static final int RESTART_ATTEMPTS = 100;

  static final Duration RESTART_INITIAL_DELAY = Duration.ofSeconds(1);
  static final Duration RESTART_MAX_DELAY = Duration.ofSeconds(30);
  static final Duration RESTART_RESET = Duration.ofMinutes(10);

  private final Configuration c = new Configuration();
  private final ReadableConfig cluster;

  private JobConfiguration(ReadableConfig cluster) {
    this.cluster = cluster;
  }

  /** What the job sets for {@code s} on a cluster configured as {@code cluster}. */
  static Configuration of(JobSettings s, ReadableConfig cluster) {
    JobConfiguration j = new JobConfiguration(cluster);
    j.choose(
        CheckpointingOptions.CHECKPOINTING_INTERVAL,
        s.checkpointInterval(),
        DEFAULT_CHECKPOINT_INTERVAL);
    j.choose(
        CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, null, CheckpointingMode.EXACTLY_ONCE);
    if (s.checkpointDir() != null) {
      // Filesystem storage: the JobManager's default refuses state over 5 MiB per subtask.
      j.c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      j.c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.checkpointDir());
    }
    String given = s.stateBackend() == null ? null : name(s.stateBackend());
    j.choose(StateBackendOptions.STATE_BACKEND, given, "hashmap");
    String backend =
        given != null
            ? given
            : cluster.getOptional(StateBackendOptions.STATE_BACKEND).orElse("hashmap");
    if ("rocksdb".equalsIgnoreCase(backend)) {
      // Every event reads its key's state: Bloom filters spare the reads of new keys, and of keys
      // not in a file, a look into every level; the values (float32 LSTM states) do not compress.
      j.choose(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, null, true);
      j.choose(RocksDBConfigurableOptions.USE_BLOOM_FILTER, null, true);
      j.choose(
          RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
          null,
          List.of(CompressionType.NO_COMPRESSION));
    }
    if (s.restoreFrom() != null) {
      j.c.set(StateRecoveryOptions.SAVEPOINT_PATH, s.restoreFrom());
    }
    j.choose(PipelineOptions.OBJECT_REUSE, null, true);
    if (cluster.getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()) {
      j.restartWithBackOff();
    }
    return j.c;
  }

  /** Whether the cluster sets the max parallelism (else the job sets {@link #MAX_PARALLELISM}). */
  static boolean maxParallelismConfigured(ReadableConfig config) {
    return config.getOptional(PipelineOptions.MAX_PARALLELISM).isPresent();
  }

  private void restartWithBackOff() {
    c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    c.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
        RESTART_INITIAL_DELAY);
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, RESTART_MAX_DELAY);
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
    c.set(
        RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
        RESTART_RESET);
    c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
  }

  /** {@code given} if there is one, else nothing where the cluster sets it, else {@code dflt}. */
  private <T> void choose(ConfigOption<T> option, T given, T dflt) {
    if (given != null) {
      c.set(option, given);
    } else if (cluster.getOptional(option).isEmpty()) {
      c.set(option, dflt);
    }
  }

  private static String name(StateBackendKind kind) {
    return kind == StateBackendKind.ROCKSDB ? "rocksdb" : "hashmap";
  }
}
