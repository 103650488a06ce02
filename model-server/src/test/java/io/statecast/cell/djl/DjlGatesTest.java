package io.statecast.cell.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.reference.ReferenceModel;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateMode;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.testing.Specs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** G2-LSTM gates: hard gates are binary, Gumbel gates match the reference given the same noise. */
class DjlGatesTest {

  private static final int BATCH = 32;

  @Test
  void hardGatesAreExactlyZeroOrOne() {
    ModelSpec spec =
        Specs.of(
            CellVariant.PEEPHOLE,
            4,
            16,
            0,
            2,
            Connection.PLAIN,
            new GateSpec(GateMode.HARD, 1.0),
            HeadSpec.NONE);
    ModelWeights w = RandomWeights.of(spec, 5);
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      DjlRuntime.engine();
      DjlStack stack = DjlStack.fromWeights(w, m);
      DjlStack.Step step =
          stack.step(random(m, 1, 4), zeros(m, 2, 16), zeros(m, 2, 16), null, null);
      int ones = 0;
      int zeros = 0;
      for (NDList gates : new NDList[] {step.inputGates(), step.forgetGates()}) {
        for (NDArray g : gates) {
          for (float v : g.toFloatArray()) {
            assertThat(v).isIn(0f, 1f);
            ones += v == 1f ? 1 : 0;
            zeros += v == 0f ? 1 : 0;
          }
        }
      }
      System.out.printf("hard gates: %d ones, %d zeros, nothing else%n", ones, zeros);
      assertThat(ones).isPositive();
      assertThat(zeros).isPositive();
    }
  }

  @Test
  void referenceHardGatesAreExactlyZeroOrOne() {
    ModelSpec spec =
        Specs.of(
            CellVariant.FUSED,
            4,
            16,
            0,
            2,
            Connection.RESIDUAL,
            new GateSpec(GateMode.HARD, 1.0),
            HeadSpec.NONE);
    ReferenceModel model = new ReferenceModel(RandomWeights.of(spec, 5));
    double[] state = model.newState();
    double[][] trace = new double[2][32];
    SplittableRandom r = new SplittableRandom(9);
    for (int t = 0; t < 10; t++) {
      model.step(
          new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), 1},
          state,
          null,
          trace);
      for (double[] layer : trace) {
        for (double g : layer) {
          assertThat(g).isIn(0.0, 1.0);
        }
      }
    }
  }

  @Test
  void gumbelGatesMatchTheReferenceGivenTheSameNoise() {
    ModelSpec spec =
        Specs.of(
            CellVariant.FUSED,
            3,
            8,
            0,
            2,
            Connection.HIGHWAY,
            new GateSpec(GateMode.GUMBEL, 0.7),
            new HeadSpec(2, 0, 0));
    ModelWeights w = RandomWeights.of(spec, 8);
    SplittableRandom r = new SplittableRandom(4);
    float[] x = new float[BATCH * 3];
    float[][] noise = new float[2][BATCH * 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    for (float[] n : noise) {
      for (int i = 0; i < n.length; i++) {
        double u = r.nextDouble(1e-6, 1 - 1e-6);
        n[i] = (float) (Math.log(u) - Math.log1p(-u));
      }
    }
    ReferenceModel ref = new ReferenceModel(w);
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      DjlRuntime.engine();
      DjlStack stack = DjlStack.fromWeights(w, m);
      NDList noiseList =
          new NDList(
              m.create(noise[0], new Shape(BATCH, 16)), m.create(noise[1], new Shape(BATCH, 16)));
      DjlStack.Step step =
          stack.step(
              m.create(x, new Shape(BATCH, 3)), zeros(m, 2, 8), zeros(m, 2, 8), null, noiseList);
      float[] djl = step.forecast().toFloatArray();
      double max = 0;
      for (int b = 0; b < BATCH; b++) {
        double[][] rowNoise = new double[2][16];
        for (int k = 0; k < 2; k++) {
          for (int j = 0; j < 16; j++) {
            rowNoise[k][j] = noise[k][b * 16 + j];
          }
        }
        double[] forecast =
            ref.step(
                    new double[] {x[3 * b], x[3 * b + 1], x[3 * b + 2]},
                    ref.newState(),
                    rowNoise,
                    null)
                .forecast();
        for (int j = 0; j < 2; j++) {
          max = Math.max(max, Math.abs(forecast[j] - djl[2 * b + j]));
        }
      }
      System.out.printf(
          "Gumbel gates, DJL vs reference with the same noise: max |err| %.2e%n", max);
      assertThat(max).isLessThanOrEqualTo(1e-5);
    }
  }

  private static NDArray random(NDManager m, long seed, int width) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[BATCH * width];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (2 * r.nextGaussian());
    }
    return m.create(v, new Shape(BATCH, width));
  }

  private static NDList zeros(NDManager m, int layers, int width) {
    NDList l = new NDList();
    for (int k = 0; k < layers; k++) {
      l.add(m.zeros(new Shape(BATCH, width)));
    }
    return l;
  }
}
