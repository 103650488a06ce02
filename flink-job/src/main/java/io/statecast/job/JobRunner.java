package io.statecast.job;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.features.FeatureEncoder;
import io.statecast.sink.KafkaSinks;
import io.statecast.source.DecodedRecord;
import io.statecast.source.KafkaModelUpdateDeserializer;
import io.statecast.source.KafkaObservationDeserializer;
import io.statecast.source.ModelUpdateEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.rocksdb.CompressionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job against Kafka: the Flink configuration of the settings (checkpoints, state backend,
 * a bounded restart strategy), the Kafka source and sinks, and submission. The model is loaded and
 * verified here first, so a broken artifact is refused before anything is submitted.
 */
public final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /**
   * Key groups: the most subtasks the keyed state can ever be spread over. Fixed, so that a
   * savepoint restores at any parallelism up to it.
   */
  public static final int MAX_PARALLELISM = 128;

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

  private JobRunner() {}

  /** The Flink configuration the settings imply. */
  public static Configuration flinkConfiguration(JobSettings s) {
    Configuration c = new Configuration();
    c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, s.checkpointInterval());
    c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    if (s.checkpointDir() != null) {
      // Filesystem storage: the JobManager's default refuses state over 5 MiB per subtask.
      c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.checkpointDir());
    }
    c.set(
        StateBackendOptions.STATE_BACKEND,
        s.stateBackend() == StateBackendKind.ROCKSDB ? "rocksdb" : "hashmap");
    if (s.stateBackend() == StateBackendKind.ROCKSDB) {
      c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
      // Every event reads its key's state: Bloom filters spare the reads of new keys, and of keys
      // not in a file, a look into every level; the values (float32 LSTM states) do not compress,
      // so Snappy only costs CPU. Measured with 300,000 keys (bench --state-backend rocksdb):
      // Flink's defaults 6.7k-7.7k events/s, Bloom filters 9.9k, both 8.7k-11.2k.
      c.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
      c.set(
          RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
          List.of(CompressionType.NO_COMPRESSION));
    }
    if (s.restoreFrom() != null) {
      c.set(StateRecoveryOptions.SAVEPOINT_PATH, s.restoreFrom());
    }
    // Chained operators hand records on without a defensive copy (an Avro deep copy per forecast
    // otherwise): every operator of the job emits fresh objects and keeps none it has emitted.
    c.set(PipelineOptions.OBJECT_REUSE, true);
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
    return c;
  }

  /** The positional features the job's model reads, from its artifact (verified). */
  public static int requiredFeatures(JobSettings s) throws ArtifactException {
    return FeatureEncoder.of(ModelArtifact.load(Path.of(s.operator().modelPath())))
        .requiredFeatureCount();
  }

  /** The Kafka source of decoded, validated observations. */
  public static KafkaSource<DecodedRecord> source(
      KafkaSettings k, JobSettings s, int requiredFeatures) {
    var builder =
        KafkaSource.<DecodedRecord>builder()
            .setBootstrapServers(k.bootstrapServers())
            .setTopics(k.observationsTopic())
            .setGroupId(k.groupId())
            .setProperties(k.clientProperties())
            .setProperty("partition.discovery.interval.ms", "30000")
            .setStartingOffsets(
                OffsetsInitializer.committedOffsets(
                    k.fromEarliest() ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
            .setDeserializer(
                new KafkaObservationDeserializer(
                    k.valueFormat(),
                    k.observationsTopic(),
                    s.validation(),
                    requiredFeatures,
                    s.maxRecordBytes()));
    if (k.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /** The Kafka source of model updates (undecodable records become dead letters). */
  public static KafkaSource<ModelUpdateEvent> updates(KafkaSettings k) {
    var builder =
        KafkaSource.<ModelUpdateEvent>builder()
            .setBootstrapServers(k.bootstrapServers())
            // A pattern, so that a job also runs where the topic does not exist (yet).
            .setTopicPattern(Pattern.compile(Pattern.quote(k.modelUpdatesTopic())))
            .setGroupId(k.groupId() + "-model-updates")
            .setProperties(k.clientProperties())
            .setProperty("partition.discovery.interval.ms", "30000")
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new KafkaModelUpdateDeserializer());
    if (k.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /** Wires the whole job onto {@code env} with Kafka in and out. */
  public static void wireKafka(StreamExecutionEnvironment env, KafkaSettings k, JobSettings s)
      throws ArtifactException {
    int required = requiredFeatures(s);
    String tx = "statecast-" + k.groupId();
    KafkaSink<Forecast> forecasts =
        KafkaSinks.forecasts(
            k.bootstrapServers(),
            k.forecastsTopic(),
            k.valueFormat(),
            s.delivery(),
            tx,
            k.clientProperties());
    KafkaSink<DeadLetter> dead =
        KafkaSinks.deadLetters(
            k.bootstrapServers(),
            k.deadLettersTopic(),
            k.valueFormat(),
            s.delivery(),
            tx,
            k.clientProperties());
    KafkaSink<DeadLetter> late =
        KafkaSinks.deadLetters(
            k.bootstrapServers(),
            k.lateEventsTopic(),
            k.valueFormat(),
            s.delivery(),
            tx,
            k.clientProperties());
    env.setMaxParallelism(MAX_PARALLELISM);
    if (s.parallelism() > 0) {
      // Before wiring: each operator takes the environment's parallelism when it is created.
      env.setParallelism(s.parallelism());
    }
    ForecastJob.wire(env, source(k, s, required), updates(k), forecasts, dead, late, s);
  }

  /** An environment configured for the settings (local, or the cluster's when submitted). */
  public static StreamExecutionEnvironment environment(JobSettings s) {
    return StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(s));
  }

  /** Builds and submits the job without waiting for it. */
  public static JobClient submit(
      StreamExecutionEnvironment env, KafkaSettings k, JobSettings s, String name)
      throws Exception {
    wireKafka(env, k, s);
    LOG.info(
        "submitting '{}': {} → {} (Kafka client properties {})",
        name,
        k.observationsTopic(),
        k.forecastsTopic(),
        k.describeProperties());
    return env.executeAsync(name);
  }
}
