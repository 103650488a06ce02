package io.statecast.operator;

import io.statecast.batch.Residency;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.cell.KernelFactory;
import io.statecast.upgrade.ModelHolder;
import java.io.Serializable;
import java.time.Duration;

/**
 * Configuration of the {@link LstmForecastOperator}, validated once; build it with {@link #builder}
 * ({@code set*} change a default, {@code opt*} add an optional setting).
 *
 * @param modelPath the model artifact: a local directory or a URI on a Flink file system ({@link
 *     io.statecast.modelstore.ModelLocation}); every TaskManager must be able to read it
 * @param expectedManifestSha256 if set, the artifact must have this manifest digest (what was
 *     promoted is what runs); null to accept what is there
 * @param kernels what steps the cells: an {@link Engine} (engine, threads, device)
 * @param batchSize events buffered before a flush: the latency/throughput knob
 * @param flushInterval the longest an event waits in the buffer
 * @param ordering arrival or event-time order
 * @param allowedLateness in event-time mode, how far behind the watermark an event may still be
 *     applied
 * @param stateTtl idle keys' state expires after this long without an event (null: never)
 * @param rewarmDepth recent observations kept per key, so that a model update with policy rewarm
 *     can rebuild the key's state by stepping them through the new model (0: none kept; rewarm is
 *     then refused)
 * @param residency whether states stay resident on the kernel's device between checkpoints ({@link
 *     Residency#OFF}: no); only with the DJL engine
 * @param overlapSteps whether a flushed batch is stepped on a kernel thread of its own while the
 *     operator thread fills the next one ({@link Flushes}); not with resident states
 * @param maxEventTimeJump how far ahead of its key's last accepted event (in event-time mode: of
 *     the watermark) an event may jump before it is set aside ({@link
 *     io.statecast.features.EventTimeJump}); null: the model's default, zero: no bound
 * @param anomalies when an actual is an anomaly ({@link AnomalyRule}); only models with a quantile
 *     head make intervals to compare with
 */
public record ForecastOperatorConfig(
    String modelPath,
    String expectedManifestSha256,
    KernelFactory kernels,
    int batchSize,
    Duration flushInterval,
    Ordering ordering,
    Duration allowedLateness,
    Duration stateTtl,
    int rewarmDepth,
    Residency residency,
    boolean overlapSteps,
    Duration maxEventTimeJump,
    AnomalyRule anomalies)
    implements Serializable {

  public ForecastOperatorConfig {
    if (modelPath == null || modelPath.isBlank()) {
      throw new IllegalArgumentException("the operator needs a model path");
    }
    if (kernels == null) {
      throw new IllegalArgumentException("the operator needs a kernel factory (an engine)");
    }
    if (batchSize < 1 || batchSize > 1 << 20) {
      throw new IllegalArgumentException("batchSize must be between 1 and 2^20, got " + batchSize);
    }
    if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
    if (ordering == null) {
      throw new IllegalArgumentException("the operator needs an ordering");
    }
    if (allowedLateness == null || allowedLateness.isNegative()) {
      throw new IllegalArgumentException("allowedLateness must not be negative");
    }
    if (stateTtl != null && (stateTtl.isNegative() || stateTtl.isZero())) {
      throw new IllegalArgumentException("stateTtl must be positive (or absent)");
    }
    if (rewarmDepth < 0 || rewarmDepth > 10_000) {
      throw new IllegalArgumentException(
          "rewarmDepth must be between 0 and 10000, got " + rewarmDepth);
    }
    if (residency == null) {
      throw new IllegalArgumentException("the operator needs a residency (Residency.OFF: none)");
    }
    if (residency.enabled() && !(kernels instanceof Engine e && e.kind() == EngineKind.DJL)) {
      throw new IllegalArgumentException(
          "resident states need the djl engine (they live on its device), not " + kernels);
    }
    if (residency.enabled() && residency.capacity() < batchSize) {
      throw new IllegalArgumentException(
          "the resident capacity ("
              + residency.capacity()
              + ") must be at least the batch size ("
              + batchSize
              + "): every key of a flush needs a slot");
    }
    if (anomalies == null) {
      throw new IllegalArgumentException(
          "the operator needs an anomaly rule (AnomalyRule.DEFAULT)");
    }
    if (maxEventTimeJump != null && maxEventTimeJump.isNegative()) {
      throw new IllegalArgumentException("maxEventTimeJump must not be negative");
    }
    if (residency.enabled() && overlapSteps) {
      throw new IllegalArgumentException(
          "overlapped steps (--overlap-steps) do not combine with resident states"
              + " (--resident-keys): a resident flush writes evicted states into Flink state,"
              + " which only the operator thread may do");
    }
  }

  /**
   * A builder with the defaults for a model: the fast kernel on one thread, batches of 256, 5 ms
   * flush, arrival order, no TTL, steps on the operator thread, the default anomaly rule.
   */
  public static Builder builder(String modelPath) {
    return new Builder(modelPath);
  }

  /** What the operator's {@link ModelHolder} opens models with. */
  public ModelHolder.Settings modelSettings() {
    return new ModelHolder.Settings(
        modelPath, expectedManifestSha256, kernels, batchSize, residency, rewarmDepth);
  }

  /** A builder holding this configuration, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects the fields; {@link #build} validates them (the record's constructor). */
  public static final class Builder {
    private final String modelPath;
    private String expectedManifestSha256;
    private KernelFactory kernels = Engine.DEFAULT;
    private int batchSize = 256;
    private Duration flushInterval = Duration.ofMillis(5);
    private Ordering ordering = Ordering.ARRIVAL;
    private Duration allowedLateness = Duration.ZERO;
    private Duration stateTtl;
    private int rewarmDepth;
    private Residency residency = Residency.OFF;
    private boolean overlapSteps;
    private Duration maxEventTimeJump;
    private AnomalyRule anomalies = AnomalyRule.DEFAULT;

    private Builder(String modelPath) {
      this.modelPath = modelPath;
    }

    private Builder(ForecastOperatorConfig c) {
      this.modelPath = c.modelPath;
      this.expectedManifestSha256 = c.expectedManifestSha256;
      this.kernels = c.kernels;
      this.batchSize = c.batchSize;
      this.flushInterval = c.flushInterval;
      this.ordering = c.ordering;
      this.allowedLateness = c.allowedLateness;
      this.stateTtl = c.stateTtl;
      this.rewarmDepth = c.rewarmDepth;
      this.residency = c.residency;
      this.overlapSteps = c.overlapSteps;
      this.maxEventTimeJump = c.maxEventTimeJump;
      this.anomalies = c.anomalies;
    }

    /** Refuse the model unless its manifest has this SHA-256 (null: accept what is there). */
    public Builder optExpectedManifest(String sha256) {
      this.expectedManifestSha256 = sha256;
      return this;
    }

    public Builder setKernels(KernelFactory factory) {
      this.kernels = factory;
      return this;
    }

    public Builder setBatch(int size, Duration interval) {
      this.batchSize = size;
      this.flushInterval = interval;
      return this;
    }

    public Builder setOrdering(Ordering mode, Duration lateness) {
      this.ordering = mode;
      this.allowedLateness = lateness;
      return this;
    }

    /** Expire idle keys' state after this long (null: never). */
    public Builder optStateTtl(Duration ttl) {
      this.stateTtl = ttl;
      return this;
    }

    public Builder setRewarmDepth(int depth) {
      this.rewarmDepth = depth;
      return this;
    }

    public Builder setResidency(Residency resident) {
      this.residency = resident;
      return this;
    }

    public Builder setOverlapSteps(boolean overlap) {
      this.overlapSteps = overlap;
      return this;
    }

    /**
     * The largest jump of an event ahead of its key's last one (zero: no bound; null, the default:
     * the model's, {@link io.statecast.features.EventTimeJump#defaultFor}).
     */
    public Builder optMaxEventTimeJump(Duration jump) {
      this.maxEventTimeJump = jump;
      return this;
    }

    /** When an actual is an anomaly (default: {@link AnomalyRule#DEFAULT}). */
    public Builder setAnomalyRule(AnomalyRule rule) {
      this.anomalies = rule;
      return this;
    }

    public ForecastOperatorConfig build() {
      return new ForecastOperatorConfig(
          modelPath,
          expectedManifestSha256,
          kernels,
          batchSize,
          flushInterval,
          ordering,
          allowedLateness,
          stateTtl,
          rewarmDepth,
          residency,
          overlapSteps,
          maxEventTimeJump,
          anomalies);
    }
  }
}
