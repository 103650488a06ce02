package io.statecast.job;

import io.statecast.features.ValidationRules;
import io.statecast.operator.ForecastOperatorConfig;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the job needs besides Kafka, validated once.
 *
 * @param operator the forecast operator's configuration (model, batching, order, TTL)
 * @param validation what an observation must satisfy
 * @param maxRecordBytes larger Kafka record values are dead letters
 * @param outOfOrderness bound of the watermark generator
 * @param sourceIdleness a partition without records for this long stops holding back watermarks
 * @param checkpointInterval how often state is checkpointed (and exactly-once output committed)
 * @param checkpointDir where checkpoints go (a file: URI or path); null for the default
 * @param stateBackend heap or RocksDB
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
    if (operator == null) {
      throw new IllegalArgumentException("the job needs an operator configuration");
    }
    if (validation == null) {
      validation = ValidationRules.DEFAULTS;
    }
    if (maxRecordBytes < 64) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 64, got " + maxRecordBytes);
    }
    outOfOrderness = outOfOrderness == null ? Duration.ZERO : outOfOrderness;
    sourceIdleness = sourceIdleness == null ? Duration.ofSeconds(5) : sourceIdleness;
    checkpointInterval = checkpointInterval == null ? Duration.ofSeconds(10) : checkpointInterval;
    if (outOfOrderness.isNegative()
        || sourceIdleness.isNegative()
        || checkpointInterval.isNegative()
        || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("durations must be positive");
    }
    stateBackend = stateBackend == null ? StateBackendKind.HEAP : stateBackend;
    delivery = delivery == null ? DeliveryGuarantee.EXACTLY_ONCE : delivery;
    if (delivery == DeliveryGuarantee.NONE) {
      throw new IllegalArgumentException("delivery must be exactly-once or at-least-once");
    }
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism must not be negative");
    }
  }

  /** Defaults around an operator configuration. */
  public static JobSettings defaults(ForecastOperatorConfig operator) {
    return new JobSettings(
        operator,
        ValidationRules.DEFAULTS,
        1 << 20,
        Duration.ZERO,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        null,
        StateBackendKind.HEAP,
        DeliveryGuarantee.EXACTLY_ONCE,
        0,
        null);
  }

  public JobSettings withCheckpoints(Duration interval, String dir) {
    return new JobSettings(
        operator,
        validation,
        maxRecordBytes,
        outOfOrderness,
        sourceIdleness,
        interval,
        dir,
        stateBackend,
        delivery,
        parallelism,
        restoreFrom);
  }

  public JobSettings withParallelism(int p) {
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
        p,
        restoreFrom);
  }

  public JobSettings withStateBackend(StateBackendKind kind) {
    return new JobSettings(
        operator,
        validation,
        maxRecordBytes,
        outOfOrderness,
        sourceIdleness,
        checkpointInterval,
        checkpointDir,
        kind,
        delivery,
        parallelism,
        restoreFrom);
  }

  public JobSettings withValidation(ValidationRules rules) {
    return new JobSettings(
        operator,
        rules,
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

  public JobSettings withWatermarks(Duration outOfOrder, Duration idleness) {
    return new JobSettings(
        operator,
        validation,
        maxRecordBytes,
        outOfOrder,
        idleness,
        checkpointInterval,
        checkpointDir,
        stateBackend,
        delivery,
        parallelism,
        restoreFrom);
  }

  public JobSettings withRestore(String path) {
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
        path);
  }

  public JobSettings withDelivery(DeliveryGuarantee guarantee) {
    return new JobSettings(
        operator,
        validation,
        maxRecordBytes,
        outOfOrderness,
        sourceIdleness,
        checkpointInterval,
        checkpointDir,
        stateBackend,
        guarantee,
        parallelism,
        restoreFrom);
  }
}
