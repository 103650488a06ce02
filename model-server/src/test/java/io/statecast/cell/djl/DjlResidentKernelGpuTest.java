package io.statecast.cell.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import io.statecast.model.ModelSpec;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import io.statecast.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The resident kernel with its table in GPU memory, against the float reference on the host. Runs
 * only where DJL's engine sees a GPU (the {@code cuda} build on a CUDA machine; {@code -Pall-tests}
 * or {@code -Dgroups=gpu}); skips elsewhere.
 */
@Tag("gpu")
class DjlResidentKernelGpuTest {

  /** Looser than on the CPU: cuBLAS may use other summation orders and TF32 is off by default. */
  private static final double GPU_TOLERANCE = 5e-5;

  @Test
  void residentStatesOnTheGpuAgreeWithTheReference() {
    assumeTrue(DjlRuntime.gpuAvailable(), "no GPU visible to DJL's PyTorch engine");
    List<ModelSpec> specs =
        List.of(
            StandardModels.spec(StandardModels.Preset.STANDARD),
            StandardModels.spec(StandardModels.Preset.STANDARD_PEEPHOLE),
            StandardModels.spec(StandardModels.Preset.STANDARD_PROJECTION),
            Specs.everyCombination().get(5));
    for (ModelSpec spec : specs) {
      double[] err =
          DjlResidentKernelTest.ResidentChecks.againstReference(
              RandomWeights.of(spec, 9), Device.gpu(), 13);
      System.out.printf(
          "%s on the GPU: max |err| states %.2e forecasts %.2e%n", spec.id(), err[0], err[1]);
      assertThat(err[0]).isLessThanOrEqualTo(GPU_TOLERANCE);
      assertThat(err[1]).isLessThanOrEqualTo(GPU_TOLERANCE);
    }
  }
}
