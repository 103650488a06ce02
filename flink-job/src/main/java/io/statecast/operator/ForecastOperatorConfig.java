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
    Residency residency)
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
  }

  /** Defaults for a model: DJL on the CPU, batches of 256, 5 ms flush, arrival order, no TTL. */
  public static ForecastOperatorConfig defaults(String modelPath) {
    return new ForecastOperatorConfig(
        modelPath,
        null,
        EngineKind.DJL,
        false,
        1,
        256,
        Duration.ofMillis(5),
        Ordering.ARRIVAL,
        Duration.ZERO,
        null,
        0,
        Residency.OFF);
  }

  public ForecastOperatorConfig withBatch(int size, Duration interval) {
    return new ForecastOperatorConfig(
        modelPath,
        expectedManifestSha256,
        engine,
        gpu,
        kernelThreads,
        size,
        interval,
        ordering,
        allowedLateness,
        stateTtl,
        rewarmDepth,
        residency);
  }

  public ForecastOperatorConfig withOrdering(Ordering mode, Duration lateness) {
    return new ForecastOperatorConfig(
        modelPath,
        expectedManifestSha256,
        engine,
        gpu,
        kernelThreads,
        batchSize,
        flushInterval,
        mode,
        lateness,
        stateTtl,
        rewarmDepth,
        residency);
  }

  public ForecastOperatorConfig withStateTtl(Duration ttl) {
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
        ttl,
        rewarmDepth,
        residency);
  }

  public ForecastOperatorConfig withEngine(EngineKind kind, boolean onGpu, int threads) {
    return new ForecastOperatorConfig(
        modelPath,
        expectedManifestSha256,
        kind,
        onGpu,
        threads,
        batchSize,
        flushInterval,
        ordering,
        allowedLateness,
        stateTtl,
        rewarmDepth,
        residency);
  }

  public ForecastOperatorConfig withRewarmDepth(int depth) {
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
        depth,
        residency);
  }

  public ForecastOperatorConfig withExpectedManifest(String sha256) {
    return new ForecastOperatorConfig(
        modelPath,
        sha256,
        engine,
        gpu,
        kernelThreads,
        batchSize,
        flushInterval,
        ordering,
        allowedLateness,
        stateTtl,
        rewarmDepth,
        residency);
  }

  public ForecastOperatorConfig withResidency(Residency resident) {
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
        resident);
  }
}
