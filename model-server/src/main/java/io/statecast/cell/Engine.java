package io.statecast.cell;

import io.statecast.cell.djl.DjlResidentKernel;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.cell.fast.FastKernels;
import io.statecast.model.ModelWeights;

/**
 * Which engine steps the cells, with how many intra-op threads and on which device: the one place
 * where that choice becomes a kernel.
 *
 * <ul>
 *   <li>{@link EngineKind#FAST}: the pure-Java Vector API kernel ({@link FastKernels}), warmed up
 *       before its first step in the JVM ({@link KernelWarmUp}); CPU only;
 *   <li>{@link EngineKind#DJL}: PyTorch through DJL ({@link DjlStepKernel}), on the CPU or a GPU,
 *       started offline with {@code threads} intra-op threads ({@link DjlRuntime});
 *   <li>{@link EngineKind#REFERENCE}: the plain double-precision reference ({@link
 *       ReferenceKernel}), the oracle of every test; slow.
 * </ul>
 *
 * @param kind the engine
 * @param threads intra-op threads of each kernel (the fast kernel's row split, PyTorch's threads)
 * @param gpu step on a GPU (DJL only; the {@code cuda} build)
 */
public record Engine(EngineKind kind, int threads, boolean gpu) implements KernelFactory {

  /** The default engine of every command: the fast kernel, one thread, on the CPU. */
  public static final Engine DEFAULT = new Engine(EngineKind.FAST, 1, false);

  public Engine {
    if (kind == null) {
      throw new IllegalArgumentException("an engine must be named (fast, djl or reference)");
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("kernel threads must be 1 to 256, got " + threads);
    }
    if (gpu && kind != EngineKind.DJL) {
      throw new IllegalArgumentException(
          "a GPU steps with the djl engine (--engine djl), not " + kind.name().toLowerCase());
    }
  }

  /** One thread on the CPU. */
  public static Engine of(EngineKind kind) {
    return new Engine(kind, 1, false);
  }

  @Override
  public StepKernel create(ModelWeights weights) {
    return switch (kind) {
      case FAST -> KernelWarmUp.beforeServing(FastKernels.create(weights, threads));
      case DJL -> {
        DjlRuntime.engine(threads);
        yield new DjlStepKernel(weights, DjlRuntime.device(gpu));
      }
      case REFERENCE -> new ReferenceKernel(weights);
    };
  }

  /**
   * A kernel that keeps up to {@code capacity} states resident on this engine's device between
   * steps.
   *
   * @throws IllegalStateException for an engine other than DJL (the states live on its device)
   */
  public ResidentKernel createResident(ModelWeights weights, int capacity) {
    if (kind != EngineKind.DJL) {
      throw new IllegalStateException(
          "resident states need the djl engine (they live on its device), not "
              + kind.name().toLowerCase());
    }
    DjlRuntime.engine(threads);
    return new DjlResidentKernel(weights, DjlRuntime.device(gpu), capacity);
  }
}
