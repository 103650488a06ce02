package io.statecast.testing;

import io.statecast.tensor.Tensor;
import java.util.SplittableRandom;

/** Seeded random inputs and states for the kernel tests. */
public final class RandomData {

  private RandomData() {}

  /** A float32 tensor of standard normal values. */
  public static Tensor randomTensor(long seed, int... shape) {
    Tensor t = Tensor.zeros(Tensor.DType.FLOAT32, shape);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) random.nextGaussian();
    }
    return t;
  }

  /** {@code n} normal values with standard deviation 0.7 (states that keep gates unsaturated). */
  public static float[] randomFloats(SplittableRandom random, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) (random.nextGaussian() * 0.7);
    }
    return f;
  }
}
