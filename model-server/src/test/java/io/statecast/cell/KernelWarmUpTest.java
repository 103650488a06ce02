package io.statecast.cell;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.cell.fast.FastKernels;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelWarmUpTest {

  /** Records the batch sizes it is asked to step, and checks the buffers are large enough. */
  private static final class Recording implements StepKernel {
    final List<Integer> batches = new ArrayList<>();
    final ModelSpec spec;

    Recording(ModelSpec spec) {
      this.spec = spec;
    }

    @Override
    public ModelSpec spec() {
      return spec;
    }

    @Override
    public void step(int batch, float[] x, float[] state, float[] output, float[] forecast) {
      assertThat(x.length).isGreaterThanOrEqualTo(batch * spec.inputSize());
      assertThat(state.length).isGreaterThanOrEqualTo(batch * spec.stateLayout().size());
      assertThat(forecast.length).isGreaterThanOrEqualTo(batch * spec.head().outputs());
      batches.add(batch);
    }

    @Override
    public void close() {}
  }

  @Test
  void stepsTheKernelsPathsForTheGivenNumberOfCalls() {
    ModelSpec spec = StandardModels.spec(StandardModels.Preset.STANDARD);
    Recording k = new Recording(spec);
    KernelWarmUp.Result r = KernelWarmUp.run(k, 300, Duration.ofMinutes(1));
    assertThat(r.calls()).isEqualTo(300);
    assertThat(k.batches).hasSize(300).contains(1, 7, 48);
    assertThat(r.firstMicros()).isFinite();
  }

  @Test
  void servingWarmsUpOnlyTheJvmsFirstKernel() {
    ModelSpec spec = StandardModels.spec(StandardModels.Preset.STANDARD);
    Recording first = new Recording(spec);
    Recording later = new Recording(spec);
    assertThat(KernelWarmUp.beforeServing(first)).isSameAs(first);
    assertThat(KernelWarmUp.beforeServing(later)).isSameAs(later);
    // the first may have been warmed here or not (another test may have come first): never later
    assertThat(later.batches).isEmpty();
  }

  @Test
  void stopsAtItsTimeBudget() {
    ModelSpec spec = StandardModels.spec(StandardModels.Preset.STANDARD);
    Recording k = new Recording(spec);
    assertThat(KernelWarmUp.run(k, 1_000, Duration.ZERO).calls()).isZero();
  }

  @Test
  void leavesAFastKernelServingAsAColdOne() {
    ModelSpec spec = StandardModels.spec(StandardModels.Preset.STANDARD);
    ModelWeights w = RandomWeights.of(spec, 3);
    try (StepKernel warmed = FastKernels.create(w);
        StepKernel cold = FastKernels.create(w)) {
      KernelWarmUp.run(warmed, 30, Duration.ofMinutes(1));
      float[] x = new float[spec.inputSize()];
      java.util.Arrays.fill(x, 0.5f);
      float[] s1 = new float[spec.stateLayout().size()];
      float[] s2 = new float[spec.stateLayout().size()];
      float[] f1 = new float[spec.head().outputs()];
      float[] f2 = new float[spec.head().outputs()];
      warmed.step(1, x, s1, null, f1);
      cold.step(1, x, s2, null, f2);
      // the warm-up's made-up rows leave nothing behind in the kernel (same code; 1e-6 allows the
      // last-bit difference of a Vector API exp compiled between the two calls)
      assertThat(f1).containsExactly(f2, org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(s1).containsExactly(s2, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }
}
