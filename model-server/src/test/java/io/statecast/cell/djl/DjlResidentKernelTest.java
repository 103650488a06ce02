package io.statecast.cell.djl;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomFloats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.statecast.cell.ReferenceKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.testing.Specs;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resident DJL kernel's table (states kept on the device between steps, gathered and scattered
 * there by slot) against the float reference kernel stepping the same rows on the host; the {@link
 * io.statecast.cell.StepKernel} contract, fixtures included, is held by {@link
 * io.statecast.cell.StepKernelContractTest} through {@link
 * io.statecast.testing.ResidentAsStepKernel}.
 */
class DjlResidentKernelTest {

  static final double REFERENCE_TOLERANCE = 1e-5;

  static Stream<Arguments> everyCombination() {
    return Specs.everyCombination().stream().map(s -> Arguments.of(Specs.describe(s), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCombination")
  void agreesWithTheReferenceOnScatteredSlotsForEveryVariant(String name, ModelSpec spec) {
    double[] err = ResidentChecks.againstReference(RandomWeights.of(spec, 42), Device.cpu(), 7);
    System.out.printf("%s: max |err| states %.2e forecasts %.2e%n", name, err[0], err[1]);
    assertThat(err[0]).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
    assertThat(err[1]).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
  }

  @Test
  void slotsNotSteppedKeepTheirStates() {
    ModelSpec spec = Specs.everyCombination().get(0);
    int s = spec.stateLayout().size();
    SplittableRandom random = new SplittableRandom(5);
    float[] all = randomFloats(random, 10 * s);
    try (DjlResidentKernel k = new DjlResidentKernel(RandomWeights.of(spec, 3), Device.cpu(), 10)) {
      k.write(10, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all);
      float[] x = randomFloats(random, 2 * spec.inputSize());
      k.step(2, new int[] {7, 2}, x, new float[2 * spec.head().outputs()]);
      float[] after = new float[10 * s];
      k.read(10, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, after);
      for (int slot = 0; slot < 10; slot++) {
        float[] before = Arrays.copyOfRange(all, slot * s, (slot + 1) * s);
        float[] now = Arrays.copyOfRange(after, slot * s, (slot + 1) * s);
        if (slot == 7 || slot == 2) {
          assertThat(now).as("slot %d was stepped", slot).isNotEqualTo(before);
        } else {
          assertThat(now).as("slot %d was not stepped", slot).isEqualTo(before);
        }
      }
    }
  }

  @Test
  void refusesRepeatedOrOutOfRangeSlotsWithoutTouchingTheTable() {
    ModelSpec spec = Specs.everyCombination().get(0);
    int s = spec.stateLayout().size();
    float[] x = new float[3 * spec.inputSize()];
    try (DjlResidentKernel k = new DjlResidentKernel(RandomWeights.of(spec, 3), Device.cpu(), 4)) {
      float[] ones = new float[4 * s];
      Arrays.fill(ones, 1f);
      k.write(4, new int[] {0, 1, 2, 3}, ones);
      assertThatThrownBy(() -> k.step(3, new int[] {1, 2, 1}, x, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("slot 1 appears twice");
      assertThatThrownBy(() -> k.step(2, new int[] {3, 4}, x, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("slot 4 (row 1) outside [0, 4)");
      assertThatThrownBy(() -> k.write(1, new int[] {-1}, ones))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("slot -1");
      float[] back = new float[4 * s];
      k.read(4, new int[] {0, 1, 2, 3}, back);
      assertThat(back).isEqualTo(ones);
      k.step(3, new int[] {1, 2, 0}, x, null); // the checks leave nothing behind
    }
  }

  @Test
  void stepsDoNotAccumulateNativeArrays() {
    ModelSpec spec = Specs.everyCombination().get(0);
    int batch = 16;
    float[] x = randomFloats(new SplittableRandom(1), batch * spec.inputSize());
    float[] forecast = new float[batch * spec.head().outputs()];
    float[] rows = new float[batch * spec.stateLayout().size()];
    int[] slots = new int[batch];
    for (int i = 0; i < batch; i++) {
      slots[i] = 2 * i;
    }
    try (DjlResidentKernel k = new DjlResidentKernel(RandomWeights.of(spec, 1), Device.cpu(), 32)) {
      k.step(batch, slots, x, forecast);
      NDManager manager = k.manager();
      int before = manager.getManagedArrays().size();
      for (int i = 0; i < 300; i++) {
        k.step(batch, slots, x, forecast);
        k.read(batch, slots, rows);
        k.write(batch, slots, rows);
      }
      int after = manager.getManagedArrays().size();
      System.out.printf("arrays held: %d before, %d after 300 steps/reads/writes%n", before, after);
      assertThat(after).isEqualTo(before);
    }
  }

  @Test
  void refusesAnEmptyTable() {
    ModelWeights w = RandomWeights.of(Specs.everyCombination().get(0), 1);
    assertThatThrownBy(() -> new DjlResidentKernel(w, Device.cpu(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }

  /** Shared with the GPU test: the same checks on another device. */
  static final class ResidentChecks {

    private ResidentChecks() {}

    /**
     * Steps random states kept in scattered slots of a resident table, three steps over different
     * subsets, and the same rows on the host with the float reference kernel.
     *
     * @return max |err| of {states, forecasts}
     */
    static double[] againstReference(ModelWeights w, Device device, long seed) {
      ModelSpec spec = w.spec();
      int s = spec.stateLayout().size();
      int horizon = spec.head().outputs();
      int capacity = 40;
      SplittableRandom random = new SplittableRandom(seed);
      float[] host = randomFloats(random, capacity * s); // the reference's copy, (capacity, S)
      int[] all = new int[capacity];
      for (int i = 0; i < capacity; i++) {
        all[i] = i;
      }
      double errF = 0;
      try (DjlResidentKernel k = new DjlResidentKernel(w, device, capacity);
          ReferenceKernel ref = new ReferenceKernel(w)) {
        k.write(capacity, all, host);
        int[][] waves = {{3, 17, 0, 39, 22}, {39, 5, 3}, {11, 0, 17, 29, 30, 31, 2, 9, 39}};
        for (int[] slots : waves) {
          int n = slots.length;
          float[] x = randomFloats(random, n * spec.inputSize());
          float[] rows = new float[n * s];
          for (int r = 0; r < n; r++) {
            System.arraycopy(host, slots[r] * s, rows, r * s, s);
          }
          float[] want = new float[n * horizon];
          ref.step(n, x, rows, null, want);
          for (int r = 0; r < n; r++) {
            System.arraycopy(rows, r * s, host, slots[r] * s, s);
          }
          float[] got = new float[n * horizon];
          k.step(n, slots, x, got);
          errF = Math.max(errF, maxAbsDiff(want, got));
        }
        float[] table = new float[capacity * s];
        k.read(capacity, all, table);
        return new double[] {maxAbsDiff(host, table), errF};
      }
    }
  }
}
