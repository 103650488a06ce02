package io.statecast.operator;

import io.statecast.artifact.ModelArtifact;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.cell.ResidentKernel;
import io.statecast.cell.StepKernel;
import io.statecast.features.FeatureEncoder;
import io.statecast.model.ModelSpec;
import java.util.ArrayDeque;

/**
 * The model the operator steps now, with everything sized for it: the kernel, the feature encoder,
 * the pending batch and the stepper (states on the host, or resident on the kernel's device).
 * Replaced as a whole on a model switch.
 */
final class ServingModel implements AutoCloseable {

  final ModelArtifact artifact;
  final ModelSpec spec;
  final FeatureEncoder encoder;

  /** Where accepted events go until the next flush. */
  PendingBatch batch;

  private final ArrayDeque<PendingBatch> spares =
      new ArrayDeque<>(Flushes.QUEUED + 1); // empty handed-back batches
  final Stepper stepper;
  private final Runnable release;

  ServingModel(ModelArtifact artifact, Runnable release, Stepper stepper, int batchSize) {
    this.artifact = artifact;
    this.spec = artifact.spec();
    this.release = release;
    this.encoder = FeatureEncoder.of(artifact);
    this.batch = new PendingBatch(batchSize, spec.inputSize(), spec.head().horizon());
    this.stepper = stepper;
  }

  /** Opens a kernel for {@code artifact} as the configuration says ({@link Engine}). */
  static ServingModel open(ModelArtifact artifact, ForecastOperatorConfig config) {
    if (!artifact.spec().head().present()) {
      throw new IllegalStateException(
          "model '" + artifact.spec().id() + "' has no head (horizon 0): it cannot forecast");
    }
    if (config.residency().enabled()) {
      return resident(artifact, config);
    }
    StepKernel kernel = config.kernels().create(artifact.weights());
    return new ServingModel(
        artifact, kernel::close, new BatchStepper(kernel, config.batchSize()), config.batchSize());
  }

  /**
   * The DJL kernel with the resident table on the configured device and, with a smallest device
   * batch, the fast kernel for smaller flushes on the host ({@link ResidentStepper}).
   */
  private static ServingModel resident(ModelArtifact artifact, ForecastOperatorConfig config) {
    Engine engine = (Engine) config.kernels(); // the configuration checked it is DJL's
    Residency r = config.residency();
    ResidentKernel device = engine.createResident(artifact.weights(), r.capacity());
    StepKernel host =
        r.minDeviceBatch() < 2
            ? null
            : new Engine(EngineKind.FAST, engine.threads(), false).create(artifact.weights());
    Runnable release =
        () -> {
          try {
            device.close();
          } finally {
            if (host != null) {
              host.close();
            }
          }
        };
    return new ServingModel(
        artifact,
        release,
        new ResidentStepper(device, host, r.minDeviceBatch(), config.batchSize()),
        config.batchSize());
  }

  /**
   * Hands the filled batch over to be stepped and makes an empty one the batch that fills, so that
   * events keep arriving while the kernel works; a handed-over batch comes back through {@link
   * #recycle} once its forecasts are emitted. Overlapped flushes use {@link Flushes#QUEUED} + 2 at
   * most: one filling, those in flight, one completing.
   */
  PendingBatch handOver() {
    PendingBatch full = batch;
    PendingBatch empty = spares.poll();
    batch =
        empty != null ? empty : new PendingBatch(full.capacity(), full.inputs(), full.horizon());
    return full;
  }

  /** Takes back a handed-over batch, completed and cleared, to fill again later. */
  void recycle(PendingBatch done) {
    if (!done.isEmpty()) {
      throw new IllegalStateException("a batch is recycled before it was completed");
    }
    spares.push(done);
  }

  /** A zero state of this model for a key last seen at {@code lastEventTime}. */
  KeyState freshState(long lastEventTime, int epoch) {
    return new KeyState(
        new float[spec.stateLayout().size()], 0, lastEventTime, spec.version(), epoch);
  }

  @Override
  public void close() {
    release.run();
  }
}
