package io.statecast.job;

import io.statecast.batch.Residency;
import io.statecast.cli.DurationConverter;
import io.statecast.cli.EngineOptions;
import io.statecast.cli.FormatOptions;
import io.statecast.cli.KafkaOptions;
import io.statecast.cli.TopicOptions;
import io.statecast.cli.UpdatesTopicOption;
import io.statecast.features.ValidationRules;
import io.statecast.modelstore.ModelLocation;
import io.statecast.operator.AnomalyRule;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.operator.Ordering;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job's command-line options, shared by {@code statecast job} and the job jar's main class (for
 * {@code flink run}); {@link #kafka()} and {@link #settings()} turn them into the typed, validated
 * configuration.
 */
public final class JobOptions {

  @Option(
      names = "--group-id",
      defaultValue = "statecast",
      description = "Consumer group (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Mixin TopicOptions topics = new TopicOptions();

  @Mixin UpdatesTopicOption updates = new UpdatesTopicOption();

  @Mixin FormatOptions format = new FormatOptions();

  @Option(
      names = "--create-topics",
      description =
          "Create the topics that do not exist (else a missing topic stops the start with the"
              + " command that creates it).")
  boolean createTopics;

  @Option(
      names = "--topic-partitions",
      description =
          "With --create-topics: partitions of created topics (default: the input topic's, or the"
              + " broker's default).")
  Integer topicPartitions;

  @Option(
      names = "--topic-replication",
      description =
          "With --create-topics: replication factor of created topics (default: the input"
              + " topic's, or the broker's default).")
  Short topicReplication;

  @Option(
      names = "--kafka-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long the start-up check waits for Kafka to answer (default: ${DEFAULT-VALUE}).")
  Duration kafkaTimeout;

  @Option(
      names = "--model",
      required = true,
      description =
          "The model artifact: a local directory (readable by every TaskManager) or the URI of"
              + " one on a Flink file system (s3://, gs://, abfss://, hdfs://, file://; the"
              + " scheme's plugin must be installed).")
  String model;

  @Option(
      names = "--model-sha256",
      description = "Refuse the model unless its manifest has this SHA-256.")
  String modelSha256;

  @Option(names = "--checkpoint-dir", description = "Checkpoint directory (path or URI).")
  String checkpointDir;

  @Option(
      names = "--from-savepoint",
      description = "Start from this savepoint (or retained checkpoint), e.g. after a rescale.")
  String fromSavepoint;

  @Option(
      names = "--checkpoint-interval",
      converter = DurationConverter.class,
      description =
          "Checkpoint interval (default: the cluster's execution.checkpointing.interval, else"
              + " 10s).")
  Duration checkpointInterval;

  @Option(
      names = "--state-backend",
      description = "heap or rocksdb (default: the cluster's state.backend.type, else heap).")
  StateBackendKind stateBackend;

  @Option(
      names = "--parallelism",
      defaultValue = "0",
      description = "Job parallelism (default: the environment's).")
  int parallelism;

  @Mixin BatchingOptions batching = new BatchingOptions();

  @Option(
      names = "--ordering",
      defaultValue = "ARRIVAL",
      description = "arrival or event_time (default: arrival).")
  Ordering ordering;

  @Option(
      names = "--out-of-orderness",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Watermark out-of-orderness bound (default: ${DEFAULT-VALUE}).")
  Duration outOfOrderness;

  @Option(
      names = "--allowed-lateness",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Event-time mode: lateness still applied (default: ${DEFAULT-VALUE}).")
  Duration allowedLateness;

  @Option(
      names = "--state-ttl",
      converter = DurationConverter.class,
      description = "Expire idle keys' state after this long (default: never).")
  Duration stateTtl;

  @Option(
      names = "--max-event-time-jump",
      converter = DurationConverter.class,
      description =
          "An observation further ahead of its key's last one (event-time ordering: of the"
              + " watermark) is a dead letter EVENT_TIME_JUMP, unless the key's next observation"
              + " confirms the jump; it moves neither the key's clock nor the watermark; 0s: no"
              + " bound (default: 1000 periods of the model's cadence, times its typical gap in"
              + " periods: 1000d for daily data, 1000h for hourly).")
  Duration maxEventTimeJump;

  @Option(
      names = "--rewarm-depth",
      defaultValue = "0",
      description =
          "Recent observations kept per key so that a model update can re-warm states (default:"
              + " ${DEFAULT-VALUE}, none).")
  int rewarmDepth;

  @Option(
      names = "--anomaly-threshold",
      defaultValue = "0.5",
      description =
          "An actual whose distance outside its forecast interval, in widths of the interval,"
              + " exceeds this is an anomaly, written to --anomalies-topic; 0: every actual outside"
              + " the interval. Only models with a quantile head have intervals (default:"
              + " ${DEFAULT-VALUE}).")
  double anomalyThreshold;

  @Option(
      names = "--anomaly-coverage",
      defaultValue = "0",
      description =
          "The coverage of the interval actuals are compared with, e.g. 0.8 (the model must have"
              + " it); 0: the widest the model has (default: ${DEFAULT-VALUE}).")
  double anomalyCoverage;

  @Option(
      names = "--delivery",
      defaultValue = "EXACTLY_ONCE",
      description = "exactly_once or at_least_once (default: exactly_once).")
  DeliveryGuarantee delivery;

  @Mixin EngineOptions engine = new EngineOptions();

  @Option(
      names = "--resident-keys",
      defaultValue = "0",
      description =
          "Keep the states of up to this many recently stepped keys resident on the djl engine's"
              + " device (the GPU with --gpu) between checkpoints, so that a flush moves only"
              + " inputs and forecasts; written back to Flink state before every checkpoint and"
              + " on eviction. At least the batch size; 0 is off (default: ${DEFAULT-VALUE}).")
  int residentKeys;

  @Option(
      names = "--min-device-batch",
      defaultValue = "0",
      description =
          "With --resident-keys: flushes of fewer keys step on the CPU's fast kernel instead of"
              + " the device, and their keys' states move to the host until a larger flush (a GPU"
              + " step costs the same launches whatever its size; choose it from the crossover"
              + " that the resident benchmark measures) (default: ${DEFAULT-VALUE}, every flush on"
              + " the device).")
  int minDeviceBatch;

  @Option(
      names = "--overlap-steps",
      description =
          "Step each flushed batch on a kernel thread of its own while the operator thread fills"
              + " the next one (reading input, looking up states, emitting the previous batch's"
              + " forecasts), for TaskManagers with a spare core per slot; not with"
              + " --resident-keys (default: off, steps on the operator thread).")
  boolean overlapSteps;

  @Option(
      names = "--min-event-time",
      description = "Earliest accepted event time, ISO-8601 (default: 1900-01-01T00:00:00Z).")
  Instant minEventTime;

  @Option(
      names = "--accept-epoch-zero",
      description =
          "Accept event time 0 (1970-01-01T00:00:00Z), refused by default as a producer that did"
              + " not set the time; for historical data that spans that instant.")
  boolean acceptEpochZero;

  @Option(
      names = "--bounded",
      description = "Stop at the input offsets that are the latest at start (replays).")
  boolean bounded;

  /** Kafka settings from the options. */
  public KafkaSettings kafka() throws IOException {
    return KafkaSettings.builder(kafka.requiredBootstrapServers())
        .setTopics(
            topics.observations(), topics.forecasts(), topics.deadLetters(), topics.lateEvents())
        .setAnomaliesTopic(topics.anomalies())
        .setModelUpdatesTopic(updates.topic())
        .setGroupId(groupId)
        .setBounded(bounded)
        .optClientProperties(kafka.clientProperties())
        .setValueFormat(format.settings())
        .build();
  }

  /** What the job does about its topics before it starts. */
  public TopicSetup topics() {
    return new TopicSetup(createTopics, topicPartitions, topicReplication, kafkaTimeout);
  }

  /** Job settings from the options. */
  public JobSettings settings() {
    ForecastOperatorConfig op =
        ForecastOperatorConfig.builder(ModelLocation.normalize(model))
            .optExpectedManifest(modelSha256)
            .setKernels(engine.engine())
            .setBatch(batching.batchSize(), batching.flushInterval())
            .setOrdering(ordering, allowedLateness)
            .optStateTtl(stateTtl)
            .optMaxEventTimeJump(maxEventTimeJump)
            .setRewarmDepth(rewarmDepth)
            .setResidency(new Residency(residentKeys, minDeviceBatch))
            .setOverlapSteps(overlapSteps)
            .setAnomalyRule(new AnomalyRule(anomalyThreshold, anomalyCoverage))
            .build();
    ValidationRules.Builder rules = ValidationRules.builder().setAcceptEpochZero(acceptEpochZero);
    if (minEventTime != null) {
      rules.setMinEventTime(minEventTime.toEpochMilli());
    }
    return JobSettings.builder(op)
        .setValidation(rules.build())
        .setWatermarks(outOfOrderness, Duration.ofSeconds(5))
        .setCheckpointInterval(checkpointInterval)
        .optCheckpointDir(checkpointDir)
        .setStateBackend(stateBackend)
        .setDelivery(delivery)
        .setParallelism(parallelism)
        .optRestoreFrom(fromSavepoint)
        .build();
  }
}
