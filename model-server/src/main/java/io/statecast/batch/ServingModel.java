package io.statecast.batch;

import io.statecast.artifact.ModelArtifact;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.cell.KernelFactory;
import io.statecast.cell.ResidentKernel;
import io.statecast.cell.StepKernel;
import io.statecast.features.AdaptiveQuantiles;
import io.statecast.features.FeatureEncoder;
import io.statecast.model.ModelSpec;

/**
 * One verified model version, ready to step: its artifact, its {@link FeatureEncoder}, and the
 * engine that makes its kernels. The streaming operator and the model server's stateful API step it
 * through a {@link Batcher}; the server's stateless inference borrows kernels of it.
 */
public final class ServingModel {

  private final ModelArtifact artifact;
  private final FeatureEncoder encoder;
  private final KernelFactory kernels;
  private final AdaptiveQuantiles adaptive;

  public ServingModel(ModelArtifact artifact, KernelFactory kernels) {
    this.artifact = artifact;
    this.encoder = FeatureEncoder.of(artifact);
    this.kernels = kernels;
    this.adaptive = AdaptiveQuantiles.of(artifact.spec().head());
  }

  public ModelArtifact artifact() {
    return artifact;
  }

  public ModelSpec spec() {
    return artifact.spec();
  }

  public String id() {
    return artifact.spec().id();
  }

  public int version() {
    return artifact.spec().version();
  }

  public FeatureEncoder encoder() {
    return encoder;
  }

  /**
   * The online adaptation of the model's forecasts, whose per-key state is {@link
   * KeyState#adaptation}; null when its head does not adapt.
   */
  public AdaptiveQuantiles adaptation() {
    return adaptive;
  }

  /** Whether the model has a forecast head (else a step's result is its top layer's output). */
  public boolean hasHead() {
    return artifact.spec().head().present();
  }

  /** Width of a step's result: the horizon, or the top layer's size without a head. */
  public int resultWidth() {
    return hasHead() ? artifact.spec().head().outputs() : artifact.spec().outputSize();
  }

  /** A new kernel of this model, for one thread's exclusive use; the caller closes it. */
  public StepKernel newKernel() {
    return kernels.create(artifact.weights());
  }

  /**
   * A batcher of up to {@code capacity} rows per batch: its states travel to the kernel on every
   * flush ({@link BatchStepper}) or, with {@code residency} on, stay on the engine's device ({@link
   * ResidentStepper}: the DJL engine, and the fast kernel for small flushes when {@link
   * Residency#minDeviceBatch()} asks for it).
   *
   * @throws IllegalStateException for resident states on an engine other than DJL
   */
  public <E extends BatchRow> Batcher<E> newBatcher(int capacity, Residency residency) {
    if (!residency.enabled()) {
      return new Batcher<>(this, new BatchStepper(newKernel(), capacity), capacity);
    }
    if (!(kernels instanceof Engine engine)) {
      throw new IllegalStateException("resident states need the djl engine, not " + kernels);
    }
    ResidentKernel device = engine.createResident(artifact.weights(), residency.capacity());
    StepKernel host =
        residency.minDeviceBatch() < 2
            ? null
            : new Engine(EngineKind.FAST, engine.threads(), false).create(artifact.weights());
    return new Batcher<>(
        this, new ResidentStepper(device, host, residency.minDeviceBatch(), capacity), capacity);
  }

  /** A zero state of this model for a key last seen at {@code lastEventTime}. */
  public KeyState freshState(long lastEventTime, int epoch) {
    return new KeyState(
        new float[artifact.spec().stateLayout().size()],
        0,
        lastEventTime,
        artifact.spec().version(),
        epoch);
  }

  @Override
  public String toString() {
    return id() + " v" + version();
  }
}
