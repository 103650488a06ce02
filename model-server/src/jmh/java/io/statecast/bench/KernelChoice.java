package io.statecast.bench;

import io.statecast.cell.ReferenceKernel;
import io.statecast.cell.StepKernel;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.cell.fast.FastKernels;
import io.statecast.model.ModelWeights;

/** The kernels the benchmarks compare. */
public enum KernelChoice {
  /** {@link FastKernels}: Java on the Vector API. */
  FAST,
  /** {@link DjlStepKernel} on PyTorch (one intra-op thread). */
  DJL,
  /** {@link ReferenceKernel}: double precision, one row at a time. */
  REFERENCE;

  /** A kernel of this kind for {@code weights}. */
  public StepKernel open(ModelWeights weights) {
    return switch (this) {
      case FAST -> FastKernels.create(weights);
      case DJL -> new DjlStepKernel(weights);
      case REFERENCE -> new ReferenceKernel(weights);
    };
  }

  /** Whether this kernel is measured at {@code batch} (the reference only where it is bearable). */
  public boolean measuredAt(int batch) {
    return this != REFERENCE || batch <= 64;
  }
}
