package io.statecast.cell.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateMode;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Specs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Grid LSTM reference against the paper's block written out again here, independently: both
 * cells of block {@code (t, k)} gated by {@code H = [h^d_{k-1}(t); h^t_k(t-1)]}, the time memory
 * kept per key, the depth memory passed up from zero, the head on the top block's {@code h^d}.
 */
class ReferenceGridTest {

  private static final int I = 3;
  private static final int H = 4;
  private static final int L = 3;
  private static final int HORIZON = 2;

  private static ModelSpec spec(CellSpec cell, int layers) {
    return new ModelSpec(
        null,
        "grid",
        1,
        null,
        InputSpec.raw(I),
        cell,
        new StackSpec(layers, Connection.GRID),
        new HeadSpec(HORIZON, 0, 0));
  }

  @Test
  void stepsTheBlocksOfThePaperOverASequence() {
    ModelWeights w = RandomWeights.of(spec(CellSpec.fused(H), L), 3, 1.0);
    ReferenceModel model = new ReferenceModel(w);
    double[] state = model.newState();
    double[][] ht = new double[L][H];
    double[][] mt = new double[L][H];
    SplittableRandom r = new SplittableRandom(9);
    double largest = 0;
    for (int t = 0; t < 7; t++) {
      double[] x = {r.nextDouble(-2, 2), r.nextDouble(-2, 2), r.nextDouble(-2, 2)};
      double[] hd = x;
      double[] md = new double[H];
      for (int k = 0; k < L; k++) {
        double[] in = concat(hd, ht[k]);
        double[][] time = block(w, "", k, in, mt[k]);
        double[][] depth = block(w, "_depth", k, in, md);
        ht[k] = time[0];
        mt[k] = time[1];
        hd = depth[0];
        md = depth[1];
      }
      double[] forecast = new double[HORIZON];
      double[] hw = w.tensors().get(WeightNames.HEAD_WEIGHT).data();
      for (int j = 0; j < HORIZON; j++) {
        forecast[j] = w.tensors().get(WeightNames.HEAD_BIAS).data()[j];
        for (int n = 0; n < H; n++) {
          forecast[j] += hw[j * H + n] * hd[n];
        }
      }
      ReferenceModel.Step step = model.step(x, state);
      largest = Math.max(largest, maxDiff(step.output(), hd));
      largest = Math.max(largest, maxDiff(step.forecast(), forecast));
      for (int k = 0; k < L; k++) {
        largest = Math.max(largest, maxDiff(model.hiddenOf(state, k), ht[k]));
        largest = Math.max(largest, maxDiff(model.cellOf(state, k), mt[k]));
      }
    }
    assertThat(largest).isLessThan(1e-12);
  }

  @Test
  void aOneBlockGridWithEqualCellsStartsAsOneLstmLayer() {
    // From the zero state, m^t(t-1) = m^d_{-1} = 0: equal weights give equal cells at t = 0.
    ModelWeights w = RandomWeights.of(spec(CellSpec.fused(H), 1), 4, 0.0);
    Map<String, Tensor> t = new LinkedHashMap<>(w.tensors());
    for (String n : new String[] {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}) {
      t.put(WeightNames.depth(n), t.get(n));
    }
    ReferenceModel model = new ReferenceModel(ModelWeights.bind(w.spec(), t, "tied"));
    double[] state = model.newState();
    ReferenceModel.Step step = model.step(new double[] {0.5, -1, 2}, state);
    assertThat(maxDiff(step.output(), model.hiddenOf(state, 0))).isLessThan(1e-15);
    ReferenceModel.Step next = model.step(new double[] {0.5, -1, 2}, state);
    assertThat(maxDiff(next.output(), model.hiddenOf(state, 0))).isGreaterThan(1e-6);
  }

  @Test
  void refusesAProjectionAndGumbelGatesNamingThem() {
    assertThatThrownBy(() -> spec(new CellSpec(CellVariant.FUSED, H, 2, GateSpec.STANDARD), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grid")
        .hasMessageContaining("projection");
    assertThatThrownBy(
            () ->
                spec(new CellSpec(CellVariant.FUSED, H, 0, new GateSpec(GateMode.GUMBEL, 0.5)), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Gumbel");
  }

  @Test
  void everyCombinationHasGridStacks() {
    assertThat(Specs.everyCombination())
        .filteredOn(s -> s.stack().connection() == Connection.GRID)
        .hasSize(6);
  }

  /** One LSTM of the block: {@code [h', m']} from {@code H} and {@code m}. */
  private static double[][] block(ModelWeights w, String suffix, int k, double[] in, double[] m) {
    Map<String, Tensor> t = w.tensors();
    double[] wih = t.get(WeightNames.weightIh(k) + suffix).data();
    double[] whh = t.get(WeightNames.weightHh(k) + suffix).data();
    double[] bih = t.get(WeightNames.biasIh(k) + suffix).data();
    double[] bhh = t.get(WeightNames.biasHh(k) + suffix).data();
    int inK = in.length - H;
    double[] z = new double[4 * H];
    for (int row = 0; row < 4 * H; row++) {
      z[row] = bih[row] + bhh[row];
      for (int j = 0; j < in.length; j++) {
        z[row] += j < inK ? wih[row * inK + j] * in[j] : whh[row * H + j - inK] * in[j];
      }
    }
    double[] h = new double[H];
    double[] mNew = new double[H];
    for (int n = 0; n < H; n++) {
      mNew[n] = sigma(z[H + n]) * m[n] + sigma(z[n]) * Math.tanh(z[2 * H + n]);
      h[n] = sigma(z[3 * H + n]) * Math.tanh(mNew[n]);
    }
    return new double[][] {h, mNew};
  }

  private static double sigma(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = new double[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static double maxDiff(double[] a, double[] b) {
    assertThat(a).hasSameSizeAs(b);
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
