package io.statecast.serve;

import io.statecast.cell.EngineKind;
import io.statecast.cell.IdentityKernel;
import io.statecast.cell.KernelWarmUp;
import io.statecast.cell.ReferenceKernel;
import io.statecast.cell.StepKernel;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.cell.fast.FastKernels;
import io.statecast.model.ModelWeights;

/** Makes the kernels that step a model: the server's one choice of engine. */
@FunctionalInterface
interface KernelFactory {

  StepKernel create(ModelWeights weights);

  /**
   * The factory of an engine: DJL on the CPU, the fast Java kernel (the JVM's first one warmed up,
   * {@link KernelWarmUp#beforeServing}), or the plain reference.
   */
  static KernelFactory of(EngineKind engine) {
    return switch (engine) {
      case DJL -> DjlStepKernel::new;
      case REFERENCE -> ReferenceKernel::new;
      case FAST -> w -> KernelWarmUp.beforeServing(FastKernels.create(w));
      case IDENTITY -> IdentityKernel::new;
    };
  }
}
