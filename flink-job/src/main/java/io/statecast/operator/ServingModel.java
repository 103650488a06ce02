package io.statecast.operator;

import io.statecast.artifact.ModelArtifact;
import io.statecast.cell.EngineKind;
import io.statecast.cell.IdentityKernel;
import io.statecast.cell.KernelWarmUp;
import io.statecast.cell.ReferenceKernel;
import io.statecast.cell.StepKernel;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.cell.fast.FastKernels;
import io.statecast.features.FeatureEncoder;
import io.statecast.model.ModelSpec;

/**
 * The model the operator steps now, with everything sized for it: the kernel, the feature encoder,
 * the pending batch and the batch stepper. Replaced as a whole on a model switch.
 */
final class ServingModel implements AutoCloseable {

  final ModelArtifact artifact;
  final ModelSpec spec;
  final StepKernel kernel;
  final FeatureEncoder encoder;
  final PendingBatch batch;
  final BatchStepper stepper;
  final float[] units;

  private ServingModel(ModelArtifact artifact, StepKernel kernel, int batchSize) {
    this.artifact = artifact;
    this.spec = artifact.spec();
    this.kernel = kernel;
    this.encoder = FeatureEncoder.of(artifact);
    this.batch = new PendingBatch(batchSize, spec.inputSize());
    this.stepper = new BatchStepper(kernel, batchSize);
    this.units = new float[spec.head().horizon()];
  }

  /**
   * Opens a kernel for {@code artifact} as the configuration says; the JVM's first fast kernel is
   * warmed up before it serves ({@link KernelWarmUp}).
   */
  static ServingModel open(ModelArtifact artifact, ForecastOperatorConfig config) {
    if (!artifact.spec().head().present()) {
      throw new IllegalStateException(
          "model '" + artifact.spec().id() + "' has no head (horizon 0): it cannot forecast");
    }
    StepKernel kernel;
    if (config.engine() == EngineKind.REFERENCE) {
      kernel = new ReferenceKernel(artifact.weights());
    } else if (config.engine() == EngineKind.IDENTITY) {
      kernel = new IdentityKernel(artifact.weights());
    } else if (config.engine() == EngineKind.FAST) {
      kernel =
          KernelWarmUp.beforeServing(
              FastKernels.create(artifact.weights(), config.kernelThreads()));
    } else {
      DjlRuntime.engine(config.kernelThreads());
      kernel = new DjlStepKernel(artifact.weights(), DjlRuntime.device(config.gpu()));
    }
    return new ServingModel(artifact, kernel, config.batchSize());
  }

  /** A zero state of this model for a key last seen at {@code lastEventTime}. */
  KeyState freshState(long lastEventTime, int epoch) {
    return new KeyState(
        new float[spec.stateLayout().size()], 0, lastEventTime, spec.version(), epoch);
  }

  @Override
  public void close() {
    kernel.close();
  }
}
