package io.statecast.operator;

import io.statecast.cell.EngineKind;
import java.io.Serializable;
import java.time.Duration;

/**
 * Configuration of the {@link LstmForecastOperator}, validated once.
 *
 * @param modelPath the model artifact directory; every TaskManager must be able to read it
 * @param expectedManifestSha256 if set, the artifact must have this manifest digest (what was
 *     promoted is what runs); null to accept what is there
 * @param engine which kernel steps the cells
 * @param gpu whether DJL should run on a GPU
 * @param kernelThreads intra-op threads of the kernel (PyTorch), per operator instance
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
 */
public record ForecastOperatorConfig(
    String modelPath,
    String expectedManifestSha256,
    EngineKind engine,
    boolean gpu,
    int kernelThreads,
    int batchSize,
    Duration flushInterval,
    Ordering ordering,
    Duration allowedLateness,
    Duration stateTtl,
    int rewarmDepth,
    Residency residency,
    boolean overlapSteps)
    implements Serializable {

  public ForecastOperatorConfig {
    if (modelPath == null || modelPath.isBlank()) {
      throw new IllegalArgumentException("the operator needs a model path");
    }
    if (engine == null) {
      engine = EngineKind.DJL;
    }
    if (kernelThreads < 1) {
      throw new IllegalArgumentException("kernelThreads must be at least 1, got " + kernelThreads);
    }
    if (batchSize < 1 || batchSize > 1 << 20) {
      throw new IllegalArgumentException("batchSize must be between 1 and 2^20, got " + batchSize);
    }
    if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
    if (ordering == null) {
      ordering = Ordering.ARRIVAL;
    }
    if (allowedLateness == null) {
      allowedLateness = Duration.ZERO;
    }
    if (allowedLateness.isNegative()) {
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
      residency = Residency.OFF;
    }
    if (residency.enabled() && engine != EngineKind.DJL) {
      throw new IllegalArgumentException(
          "resident states need the djl engine (they live on its device), not " + engine);
    }
    if (residency.enabled() && residency.capacity() < batchSize) {
      throw new IllegalArgumentException(
          "the resident capacity ("
              + residency.capacity()
              + ") must be at least the batch size ("
              + batchSize
              + "): every key of a flush needs a slot");
    }
    if (residency.enabled() && overlapSteps) {
      throw new IllegalArgumentException(
          "overlapped steps (--overlap-steps) do not combine with resident states"
              + " (--resident-keys): a resident flush writes evicted states into Flink state,"
              + " which only the operator thread may do");
    }
  }

  /**
   * Defaults for a model: DJL on the CPU, batches of 256, 5 ms flush, arrival order, no TTL, steps
   * on the operator thread.
   */
  public static ForecastOperatorConfig defaults(String modelPath) {
    return new Builder(modelPath).build();
  }

  /** A builder holding this configuration, to change some of it. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public ForecastOperatorConfig withBatch(int size, Duration interval) {
    return toBuilder().batch(size, interval).build();
  }

  public ForecastOperatorConfig withOrdering(Ordering mode, Duration lateness) {
    return toBuilder().ordering(mode, lateness).build();
  }

  public ForecastOperatorConfig withStateTtl(Duration ttl) {
    return toBuilder().stateTtl(ttl).build();
  }

  public ForecastOperatorConfig withEngine(EngineKind kind, boolean onGpu, int threads) {
    return toBuilder().engine(kind, onGpu, threads).build();
  }

  public ForecastOperatorConfig withRewarmDepth(int depth) {
    return toBuilder().rewarmDepth(depth).build();
  }

  public ForecastOperatorConfig withExpectedManifest(String sha256) {
    return toBuilder().expectedManifest(sha256).build();
  }

  public ForecastOperatorConfig withResidency(Residency resident) {
    return toBuilder().residency(resident).build();
  }

  public ForecastOperatorConfig withOverlapSteps(boolean overlap) {
    return toBuilder().overlapSteps(overlap).build();
  }

  /** Collects the fields; {@link #build} validates them (the record's constructor). */
  public static final class Builder {
    private final String modelPath;
    private String expectedManifestSha256;
    private EngineKind engine = EngineKind.DJL;
    private boolean gpu;
    private int kernelThreads = 1;
    private int batchSize = 256;
    private Duration flushInterval = Duration.ofMillis(5);
    private Ordering ordering = Ordering.ARRIVAL;
    private Duration allowedLateness = Duration.ZERO;
    private Duration stateTtl;
    private int rewarmDepth;
    private Residency residency = Residency.OFF;
    private boolean overlapSteps;

    public Builder(String modelPath) {
      this.modelPath = modelPath;
    }

    private Builder(ForecastOperatorConfig c) {
      this.modelPath = c.modelPath;
      this.expectedManifestSha256 = c.expectedManifestSha256;
      this.engine = c.engine;
      this.gpu = c.gpu;
      this.kernelThreads = c.kernelThreads;
      this.batchSize = c.batchSize;
      this.flushInterval = c.flushInterval;
      this.ordering = c.ordering;
      this.allowedLateness = c.allowedLateness;
      this.stateTtl = c.stateTtl;
      this.rewarmDepth = c.rewarmDepth;
      this.residency = c.residency;
      this.overlapSteps = c.overlapSteps;
    }

    public Builder expectedManifest(String sha256) {
      this.expectedManifestSha256 = sha256;
      return this;
    }

    public Builder engine(EngineKind kind, boolean onGpu, int threads) {
      this.engine = kind;
      this.gpu = onGpu;
      this.kernelThreads = threads;
      return this;
    }

    public Builder batch(int size, Duration interval) {
      this.batchSize = size;
      this.flushInterval = interval;
      return this;
    }

    public Builder ordering(Ordering mode, Duration lateness) {
      this.ordering = mode;
      this.allowedLateness = lateness;
      return this;
    }

    public Builder stateTtl(Duration ttl) {
      this.stateTtl = ttl;
      return this;
    }

    public Builder rewarmDepth(int depth) {
      this.rewarmDepth = depth;
      return this;
    }

    public Builder residency(Residency resident) {
      this.residency = resident;
      return this;
    }

    public Builder overlapSteps(boolean overlap) {
      this.overlapSteps = overlap;
      return this;
    }

    public ForecastOperatorConfig build() {
      return new ForecastOperatorConfig(
          modelPath,
          expectedManifestSha256,
          engine,
          gpu,
          kernelThreads,
          batchSize,
          flushInterval,
          ordering,
          allowedLateness,
          stateTtl,
          rewarmDepth,
          residency,
          overlapSteps);
    }
  }
}
