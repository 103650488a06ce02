package io.statecast.cell.fast;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.cell.SequenceRunner;
import io.statecast.cell.StepKernel;
import io.statecast.cell.StepKernelContractTest;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the fast kernel does beyond the {@link StepKernel} contract, which {@link
 * FastStepKernelContractTest} holds it to: buffers that grow with the batch, and rows shared
 * between threads.
 */
class FastStepKernelTest {

  @BeforeAll
  static void printTheMicroKernelsShape() {
    System.out.printf(
        "fast kernel: %s, tiles of %d rows x %d floats%n", Micro.F, Micro.MR, Micro.NR);
  }

  private static final double REFERENCE_TOLERANCE = 1e-5;

  /**
   * A row's result is the same computation whatever its batch, tile or thread, but not always bit
   * for bit: while the JIT compiles the kernel, {@code VectorOperators.EXP} runs as Java code in
   * one call and as C2's SVML routine in the next, and the two differ in the last bit (measured: up
   * to 1.2e-7 in c after four steps).
   */
  private static final double JIT_TOLERANCE = 1e-6;

  private static final ModelSpec MIXED = StepKernelContractTest.MIXED;

  @Test
  void growsItsBuffersForABatchLargerThanAnySeenAndStaysCorrect() {
    ModelSpec spec = MIXED;
    ModelWeights w = RandomWeights.of(spec, 5);
    Tensor x = randomTensor(9, 4, 300, spec.inputSize());
    SequenceRunner.Result ref = SequenceRunner.reference(w, x, null, null);
    try (FastStepKernel k = (FastStepKernel) FastKernels.create(w)) {
      int before = k.capacity();
      SequenceRunner.Result small = SequenceRunner.kernel(k, x, null, null, 7);
      int afterSmall = k.capacity();
      SequenceRunner.Result large = SequenceRunner.kernel(k, x, null, null, 300);
      int afterLarge = k.capacity();
      SequenceRunner.Result again = SequenceRunner.kernel(k, x, null, null, 7);
      System.out.printf(
          "capacity %d, after batches of 7: %d, of 300: %d, of 7 again: %d%n",
          before, afterSmall, afterLarge, k.capacity());
      assertThat(afterLarge)
          .isGreaterThan(afterSmall)
          .isEqualTo(Math.min(300, FastStepKernel.BLOCK_ROWS));
      assertThat(k.capacity()).isEqualTo(afterLarge);
      for (SequenceRunner.Result r : new SequenceRunner.Result[] {small, large, again}) {
        assertThat(maxAbsDiff(ref.y(), r.y())).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
        assertThat(maxAbsDiff(ref.forecast(), r.forecast()))
            .isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      }
    }
  }

  @Test
  void splittingRowsAcrossThreadsGivesTheSameResultsAsOneThread() {
    ModelSpec spec = MIXED;
    ModelWeights w = RandomWeights.of(spec, 17);
    Tensor x = randomTensor(17, 4, 1000, spec.inputSize());
    try (StepKernel one = FastKernels.create(w);
        StepKernel three = FastKernels.create(w, 3)) {
      for (int batch : new int[] {1000, 50, 7}) {
        SequenceRunner.Result a = SequenceRunner.kernel(one, x, null, null, batch);
        SequenceRunner.Result b = SequenceRunner.kernel(three, x, null, null, batch);
        double errY = maxAbsDiff(a.y(), b.y());
        double errC = maxAbsDiff(a.cn(), b.cn());
        double errF = maxAbsDiff(a.forecast(), b.forecast());
        System.out.printf(
            "batch %d on 3 threads vs 1: max |diff| y %.2e c %.2e forecast %.2e%n",
            batch, errY, errC, errF);
        assertThat(errY).isLessThanOrEqualTo(JIT_TOLERANCE);
        assertThat(errC).isLessThanOrEqualTo(JIT_TOLERANCE);
        assertThat(errF).isLessThanOrEqualTo(JIT_TOLERANCE);
      }
    }
  }
}
