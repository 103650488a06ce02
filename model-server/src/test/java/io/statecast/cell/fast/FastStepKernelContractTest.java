package io.statecast.cell.fast;

import io.statecast.cell.StepKernelContractTest;
import java.util.List;

/**
 * The {@link io.statecast.cell.StepKernel} contract ({@link StepKernelContractTest}) on the fast
 * kernel, stepping on one thread and sharing rows between two. It runs from the fast kernel's
 * package so that the build's second run of {@code io/statecast/cell/fast/*Test.java}, with the JIT
 * held to AVX2 (model-server/pom.xml), holds the AVX2 tile shape to the contract as well as the
 * machine's own.
 */
class FastStepKernelContractTest extends StepKernelContractTest {

  @Override
  protected List<KernelUnderTest> kernels() {
    return List.of(FAST, FAST_TWO_THREADS);
  }
}
