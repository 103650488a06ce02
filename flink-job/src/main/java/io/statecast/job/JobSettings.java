package io.statecast.job;

import io.statecast.features.ValidationRules;
import io.statecast.operator.ForecastOperatorConfig;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the job needs besides Kafka, validated once; build it with {@link #builder} ({@code
 * set*} change a default, {@code opt*} add an optional setting).
 *
 * @param operator the forecast operator's configuration (model, batching, order, TTL)
 * @param validation what an observation must satisfy
 * @param maxRecordBytes larger Kafka record values are dead letters
 * @param outOfOrderness bound of the watermark generator
 * @param sourceIdleness a partition without records for this long stops holding back watermarks
 * @param checkpointInterval how often state is checkpointed (and exactly-once output committed);
 *     null: the cluster's, else {@link JobRunner#DEFAULT_CHECKPOINT_INTERVAL}
 * @param checkpointDir where checkpoints go (a file: URI or path); null for the default
 * @param stateBackend heap or RocksDB; null: the cluster's, else heap
 * @param delivery exactly once (Kafka transactions) or at least once
 * @param parallelism job parallelism (0: the environment's default)
 * @param restoreFrom a savepoint or retained checkpoint to start from (null: a fresh start)
 */
public record JobSettings(
    ForecastOperatorConfig operator,
    ValidationRules validation,
    int maxRecordBytes,
    Duration outOfOrderness,
    Duration sourceIdleness,
    Duration checkpointInterval,
    String checkpointDir,
    StateBackendKind stateBackend,
    DeliveryGuarantee delivery,
    int parallelism,
    String restoreFrom)
    implements Serializable {

  public JobSettings {
    if (operator == null || validation == null || delivery == null) {
      throw new IllegalArgumentException(
          "the job needs an operator, validation rules and a delivery guarantee");
    }
    if (maxRecordBytes < 64) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 64, got " + maxRecordBytes);
    }
    if (outOfOrderness == null
        || sourceIdleness == null
        || outOfOrderness.isNegative()
        || sourceIdleness.isNegative()
        || (checkpointInterval != null
            && (checkpointInterval.isNegative() || checkpointInterval.isZero()))) {
      throw new IllegalArgumentException("durations must be given and positive");
    }
    if (delivery == DeliveryGuarantee.NONE) {
      throw new IllegalArgumentException("delivery must be exactly-once or at-least-once");
    }
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism must not be negative");
    }
  }

  /**
   * A builder with the defaults around an operator configuration: default validation, records up to
   * 1 MiB, no out-of-orderness, 5 s idleness, the cluster's checkpoint interval and state backend
   * (else every 10 s, heap), the default storage, exactly once, the environment's parallelism, a
   * fresh start.
   */
  public static Builder builder(ForecastOperatorConfig operator) {
    return new Builder(operator);
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects the fields; {@link #build} validates them (the record's constructor). */
  public static final class Builder {
    private ForecastOperatorConfig operator;
    private ValidationRules validation = ValidationRules.DEFAULTS;
    private int maxRecordBytes = 1 << 20;
    private Duration outOfOrderness = Duration.ZERO;
    private Duration sourceIdleness = Duration.ofSeconds(5);
    private Duration checkpointInterval;
    private String checkpointDir;
    private StateBackendKind stateBackend;
    private DeliveryGuarantee delivery = DeliveryGuarantee.EXACTLY_ONCE;
    private int parallelism;
    private String restoreFrom;

    private Builder(ForecastOperatorConfig operator) {
      this.operator = operator;
    }

    private Builder(JobSettings s) {
      this.operator = s.operator;
      this.validation = s.validation;
      this.maxRecordBytes = s.maxRecordBytes;
      this.outOfOrderness = s.outOfOrderness;
      this.sourceIdleness = s.sourceIdleness;
      this.checkpointInterval = s.checkpointInterval;
      this.checkpointDir = s.checkpointDir;
      this.stateBackend = s.stateBackend;
      this.delivery = s.delivery;
      this.parallelism = s.parallelism;
      this.restoreFrom = s.restoreFrom;
    }

    public Builder setOperator(ForecastOperatorConfig value) {
      this.operator = value;
      return this;
    }

    public Builder setValidation(ValidationRules rules) {
      this.validation = rules;
      return this;
    }

    public Builder setMaxRecordBytes(int bytes) {
      this.maxRecordBytes = bytes;
      return this;
    }

    public Builder setWatermarks(Duration outOfOrder, Duration idleness) {
      this.outOfOrderness = outOfOrder;
      this.sourceIdleness = idleness;
      return this;
    }

    public Builder setCheckpointInterval(Duration interval) {
      this.checkpointInterval = interval;
      return this;
    }

    /** Filesystem checkpoint storage in this directory (path or URI; null: Flink's default). */
    public Builder optCheckpointDir(String dir) {
      this.checkpointDir = dir;
      return this;
    }

    public Builder setStateBackend(StateBackendKind kind) {
      this.stateBackend = kind;
      return this;
    }

    public Builder setDelivery(DeliveryGuarantee guarantee) {
      this.delivery = guarantee;
      return this;
    }

    public Builder setParallelism(int p) {
      this.parallelism = p;
      return this;
    }

    /** Start from this savepoint or retained checkpoint (null: a fresh start). */
    public Builder optRestoreFrom(String path) {
      this.restoreFrom = path;
      return this;
    }

    public JobSettings build() {
      return new JobSettings(
          operator,
          validation,
          maxRecordBytes,
          outOfOrderness,
          sourceIdleness,
          checkpointInterval,
          checkpointDir,
          stateBackend,
          delivery,
          parallelism,
          restoreFrom);
    }
  }
}
