package io.statecast.job;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.features.FeatureEncoder;
import io.statecast.modelstore.ModelStore;
import io.statecast.sink.KafkaSinks;
import io.statecast.source.DecodedRecord;
import io.statecast.source.KafkaModelUpdateDeserializer;
import io.statecast.source.KafkaObservationDeserializer;
import io.statecast.source.ModelUpdateEvent;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job against Kafka: the Flink configuration of the settings (checkpoints, state backend,
 * a bounded restart strategy), the Kafka source and sinks, and submission. The model is loaded and
 * verified here first, so a broken artifact is refused before anything is submitted.
 */
public final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  /** Key groups when the cluster sets no max parallelism ({@link JobConfiguration}). */
  public static final int MAX_PARALLELISM = JobConfiguration.MAX_PARALLELISM;

  /** Checkpoint interval when neither the job nor the cluster sets one. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL =
      JobConfiguration.DEFAULT_CHECKPOINT_INTERVAL;

  private JobRunner() {}

  /** The Flink configuration the settings imply on a cluster that configures nothing. */
  public static Configuration flinkConfiguration(JobSettings s) {
    return flinkConfiguration(s, new Configuration());
  }

  /**
   * What the job sets on a cluster configured as {@code cluster}: its options first, then the
   * cluster's configuration, then its defaults ({@link JobConfiguration}).
   */
  public static Configuration flinkConfiguration(JobSettings s, ReadableConfig cluster) {
    return JobConfiguration.of(s, cluster);
  }

  /** The positional features the job's model reads, from its artifact (verified). */
  public static int requiredFeatures(JobSettings s) throws ArtifactException {
    return FeatureEncoder.of(ModelStore.fileSystems().load(s.operator().modelPath()))
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

  /**
   * Wires the whole job onto {@code env} with Kafka in and out. The model is read once, here: its
   * feature count for the source, and its default event-time jump bound where none is set.
   */
  public static void wireKafka(
      StreamExecutionEnvironment env, KafkaSettings k, JobSettings settings)
      throws ArtifactException {
    ModelArtifact model = ModelStore.fileSystems().load(settings.operator().modelPath());
    int required = FeatureEncoder.of(model).requiredFeatureCount();
    JobSettings s =
        settings.toBuilder()
            .setOperator(ForecastJob.withJumpBound(settings.operator(), model.spec()))
            .build();
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
    KafkaSink<Anomaly> anomalies =
        KafkaSinks.anomalies(
            k.bootstrapServers(),
            k.anomaliesTopic(),
            k.valueFormat(),
            s.delivery(),
            tx,
            k.clientProperties());
    if (!JobConfiguration.maxParallelismConfigured(env.getConfiguration())) {
      env.setMaxParallelism(MAX_PARALLELISM);
    }
    if (s.parallelism() > 0) {
      // Before wiring: each operator takes the environment's parallelism when it is created.
      env.setParallelism(s.parallelism());
    }
    ForecastJob.wire(env, source(k, s, required), updates(k), forecasts, dead, late, anomalies, s);
  }

  /**
   * An environment for the settings: local, or the cluster's when submitted with {@code flink run},
   * whose configuration ({@code config.yaml}, {@code -D}) the job's defaults do not override.
   */
  public static StreamExecutionEnvironment environment(JobSettings s) {
    ReadableConfig cluster =
        StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration();
    return StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(s, cluster));
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
