package io.statecast.bench;

import io.statecast.cell.ReferenceKernel;
import io.statecast.cell.StepKernel;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.cell.fast.FastKernels;
import io.statecast.model.ModelWeights;

/** The kernels the benchmarks compare. */
public enum KernelChoice {
  /** {@link FastKernels}: Java on the Vector API. */
  FAST,
  /** {@link DjlStepKernel} on PyTorch (one intra-op thread unless told otherwise). */
  DJL,
  /** {@link ReferenceKernel}: double precision, one row at a time. */
  REFERENCE;

  /** A single-threaded kernel of this kind for {@code weights}. */
  public StepKernel open(ModelWeights weights) {
    return open(weights, 1);
  }

  /**
   * A kernel of this kind for {@code weights} with {@code threads} intra-op threads (the reference
   * is always single-threaded; DJL takes the count only if this call starts its engine).
   */
  public StepKernel open(ModelWeights weights, int threads) {
    return switch (this) {
      case FAST -> FastKernels.create(weights, threads);
      case DJL -> {
        DjlRuntime.engine(threads);
        yield new DjlStepKernel(weights);
      }
      case REFERENCE -> new ReferenceKernel(weights);
    };
  }

  /** Whether this kernel is measured at {@code batch} (the reference only where it is bearable). */
  public boolean measuredAt(int batch) {
    return this != REFERENCE || batch <= 64;
  }
}
