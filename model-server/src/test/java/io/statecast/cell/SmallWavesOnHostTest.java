package io.statecast.cell;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomFloats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.statecast.cell.djl.DjlResidentKernel;
import io.statecast.cell.fast.FastKernels;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.testing.Specs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Small waves on the host's fast kernel, large ones on the device, over one resident table. */
class SmallWavesOnHostTest {

  private static final double TOLERANCE = 1e-5;

  @Test
  void smallAndLargeWavesGiveWhatTheDeviceAloneGives() {
    ModelSpec spec = Specs.everyCombination().get(4);
    ModelWeights w = RandomWeights.of(spec, 21);
    int s = spec.stateLayout().size();
    int horizon = spec.head().horizon();
    int capacity = 32;
    int[] all = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      all[i] = i;
    }
    SplittableRandom random = new SplittableRandom(8);
    float[] initial = randomFloats(random, capacity * s);
    int[][] waves = {{4, 9, 1}, {0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12}, {31}, {9, 30, 4, 17, 22}};
    double errF = 0;
    try (ResidentKernel device = new DjlResidentKernel(w, Device.cpu(), capacity);
        ResidentKernel routed =
            new SmallWavesOnHost(
                new DjlResidentKernel(w, Device.cpu(), capacity), FastKernels.create(w, 1), 8)) {
      device.write(capacity, all, initial);
      routed.write(capacity, all, initial);
      for (int[] slots : waves) {
        float[] x = randomFloats(random, slots.length * spec.inputSize());
        float[] want = new float[slots.length * horizon];
        float[] got = new float[slots.length * horizon];
        device.step(slots.length, slots, x, want);
        routed.step(slots.length, slots, x, got);
        errF = Math.max(errF, maxAbsDiff(want, got));
      }
      float[] a = new float[capacity * s];
      float[] b = new float[capacity * s];
      device.read(capacity, all, a);
      routed.read(capacity, all, b);
      double errS = maxAbsDiff(a, b);
      System.out.printf(
          "waves of 3, 12, 1, 5 rows, host below 8: max |err| states %.2e forecasts %.2e%n",
          errS, errF);
      assertThat(errS).isLessThanOrEqualTo(TOLERANCE);
      assertThat(errF).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void refusesKernelsOfDifferentModelsAndABadThreshold() {
    ModelWeights a = RandomWeights.of(Specs.everyCombination().get(0), 1);
    ModelWeights b =
        RandomWeights.of(
            Specs.of(
                CellVariant.FUSED,
                6,
                10,
                0,
                3,
                Connection.PLAIN,
                GateSpec.STANDARD,
                new HeadSpec(3, 4, 1)),
            1);
    try (ResidentKernel device = new DjlResidentKernel(a, Device.cpu(), 8);
        StepKernel other = new ReferenceKernel(b);
        StepKernel same = new ReferenceKernel(a)) {
      assertThatThrownBy(() -> new SmallWavesOnHost(device, other, 4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("different models");
      assertThatThrownBy(() -> new SmallWavesOnHost(device, same, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("between 2 and the capacity + 1 (9)");
      assertThatThrownBy(() -> new SmallWavesOnHost(device, same, 10))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
