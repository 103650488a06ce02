package io.statecast.cell.fast;

import io.statecast.cell.StepKernel;
import io.statecast.model.ModelWeights;
import java.util.Optional;

/**
 * The entry point of the fast kernel, safe to call on any JVM: it checks that the Vector API is
 * there before anything that uses it is loaded, and says how to get it when it is not.
 *
 * <p>The Vector API is an incubator module in Java 17: it exists only when the JVM was started with
 * {@value #JVM_OPTION} (the {@code statecast} launcher, the tests and the Flink configuration in
 * this repository pass it).
 */
public final class FastKernels {

  /** The JVM option that makes the Vector API available. */
  public static final String JVM_OPTION = "--add-modules jdk.incubator.vector";

  private static final String MODULE = "jdk.incubator.vector";

  private FastKernels() {}

  /** Whether this JVM can run the fast kernel. */
  public static boolean available() {
    return unavailableReason().isEmpty();
  }

  /** Why this JVM cannot run the fast kernel, or empty if it can. */
  public static Optional<String> unavailableReason() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return Optional.of(
          "the fast kernel needs the Vector API (module "
              + MODULE
              + "), which this JVM ("
              + Runtime.version()
              + ") was started without: add the JVM option '"
              + JVM_OPTION
              + "' (e.g. in STATECAST_JAVA_OPTS, or env.java.opts.all for Flink), or choose"
              + " the djl engine");
    }
    return Optional.empty();
  }

  /**
   * A fast kernel for {@code weights} that steps on the calling thread (one per Flink slot).
   *
   * @throws IllegalStateException when the Vector API is missing, with the option to add
   */
  public static StepKernel create(ModelWeights weights) {
    return create(weights, 1);
  }

  /**
   * A fast kernel for {@code weights} that shares the rows of a large batch between {@code threads}
   * threads: the caller's and {@code threads − 1} daemon threads of its own, stopped by {@link
   * StepKernel#close}, each claiming chunks of four tiles as it is free (see {@code RowSplitter}).
   * Batches of fewer than two chunks are stepped on the caller's thread alone.
   *
   * @throws IllegalStateException when the Vector API is missing, with the option to add
   */
  public static StepKernel create(ModelWeights weights, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      throw new IllegalStateException(reason.get());
    }
    return Loader.create(weights, threads);
  }

  /** Kept apart so that the Vector API classes load only after the check. */
  private static final class Loader {
    static StepKernel create(ModelWeights weights, int threads) {
      return new FastStepKernel(weights, FastStepKernel.BLOCK_ROWS, threads);
    }
  }
}
