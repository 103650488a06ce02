package io.statecast.cell.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.model.Connection;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reference's dense stack with chosen feeds ({@code stack.feeds}) against independent
 * computations: the same layers stacked by hand from {@link ReferenceLayer}s, a plain stack (each
 * layer fed by the one below), and the stack without feeds (every earlier layer). Double precision
 * throughout, so the tolerance is the rounding of a few sums.
 */
class DenseFeedsReferenceTest {

  private static final double TOLERANCE = 1e-12;
  private static final HeadSpec HEAD = new HeadSpec(3, 4, 1);

  @Test
  void aLayerReadsTheSumOfTheOutputsOfTheLayersItsFeedsName() {
    ModelSpec spec = Specs.deep(6, 0, Connection.DENSE, Specs.chosenFeeds(6), HEAD);
    ModelWeights w = RandomWeights.of(spec, 5);
    ReferenceModel model = new ReferenceModel(w);
    List<ReferenceLayer> layers = new ArrayList<>();
    for (int k = 0; k < spec.layers(); k++) {
      layers.add(new ReferenceLayer(spec.cell(), w.layer(k)));
    }
    double[] state = model.newState();
    double[][] h = new double[spec.layers()][spec.outputSize()];
    double[][] c = new double[spec.layers()][spec.cell().hidden()];
    SplittableRandom random = new SplittableRandom(5);
    double largest = 0;
    for (int t = 0; t < 8; t++) {
      double[] x = random.doubles(spec.inputSize(), -2, 2).toArray();
      double[] y = model.step(x, state).output();
      for (int k = 0; k < spec.layers(); k++) {
        double[] u = k == 0 ? x : new double[spec.outputSize()];
        if (k > 0) {
          for (int j : spec.stack().feeds().get(k - 1).stream().mapToInt(i -> i).toArray()) {
            for (int n = 0; n < u.length; n++) {
              u[n] += h[j][n];
            }
          }
        }
        layers.get(k).step(u, h[k], c[k], null, null);
        largest = Math.max(largest, maxDiff(h[k], model.hiddenOf(state, k)));
        largest = Math.max(largest, maxDiff(c[k], model.cellOf(state, k)));
      }
      largest = Math.max(largest, maxDiff(h[spec.layers() - 1], y));
    }
    assertThat(largest).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void feedingEachLayerFromTheOneBelowIsAPlainStack() {
    List<List<Integer>> chain = new ArrayList<>();
    for (int k = 1; k < 5; k++) {
      chain.add(List.of(k - 1));
    }
    ModelSpec dense = Specs.deep(5, 5, Connection.DENSE, chain, HEAD);
    ModelSpec plain = Specs.deep(5, 5, Connection.PLAIN, null, HEAD);
    ModelWeights w = RandomWeights.of(dense, 9);
    assertThat(maxDiff(run(w), run(rebind(w, plain)))).isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void listingEveryEarlierLayerIsTheStackWithoutFeeds() {
    List<List<Integer>> all = new ArrayList<>();
    for (int k = 1; k < 7; k++) {
      List<Integer> below = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        below.add(j);
      }
      all.add(below);
    }
    ModelSpec listed = Specs.deep(7, 0, Connection.DENSE, all, HEAD);
    ModelSpec absent = Specs.deep(7, 0, Connection.DENSE, null, HEAD);
    ModelWeights w = RandomWeights.of(absent, 3);
    assertThat(maxDiff(run(w), run(rebind(w, listed)))).isLessThanOrEqualTo(TOLERANCE);
    ModelSpec chosen = Specs.deep(7, 0, Connection.DENSE, Specs.chosenFeeds(7), HEAD);
    assertThat(maxDiff(run(w), run(rebind(w, chosen))))
        .as("chosen feeds change the forecasts")
        .isGreaterThan(1e-3);
  }

  /** Eight steps of random inputs: every step's forecast and the final state, concatenated. */
  private static double[] run(ModelWeights w) {
    ReferenceModel model = new ReferenceModel(w);
    double[] state = model.newState();
    SplittableRandom random = new SplittableRandom(1);
    List<Double> out = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      double[] x = random.doubles(w.spec().inputSize(), -2, 2).toArray();
      for (double f : model.step(x, state).forecast()) {
        out.add(f);
      }
    }
    for (double s : state) {
      out.add(s);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static ModelWeights rebind(ModelWeights w, ModelSpec spec) {
    return ModelWeights.bind(spec, w.tensors(), "the same weights");
  }

  private static double maxDiff(double[] a, double[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
