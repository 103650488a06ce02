package io.statecast.cell.djl;

import static io.statecast.testing.RandomData.randomFloats;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.testing.Specs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What the DJL kernel must do beyond the {@link io.statecast.cell.StepKernel} contract, which
 * {@link io.statecast.cell.StepKernelContractTest} holds it to: keep its native memory from
 * growing.
 */
class DjlStepKernelTest {

  @Test
  void stepsDoNotAccumulateNativeArrays() {
    ModelSpec spec = Specs.everyCombination().get(0);
    ModelWeights w = RandomWeights.of(spec, 1);
    int batch = 16;
    float[] x = randomFloats(new SplittableRandom(1), batch * spec.inputSize());
    float[] state = new float[batch * spec.stateLayout().size()];
    float[] forecast = new float[batch * spec.head().outputs()];
    try (DjlStepKernel k = new DjlStepKernel(w)) {
      k.step(batch, x, state, null, forecast);
      NDManager manager = k.manager();
      int before = manager.getManagedArrays().size();
      for (int i = 0; i < 500; i++) {
        k.step(batch, x, state, null, forecast);
      }
      int after = manager.getManagedArrays().size();
      System.out.printf(
          "arrays held by the kernel's manager: %d before, %d after 500 steps%n", before, after);
      assertThat(after).isEqualTo(before);
    }
  }
}
