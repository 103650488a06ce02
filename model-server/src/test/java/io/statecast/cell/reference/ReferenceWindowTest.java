package io.statecast.cell.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.CompressionSpec;
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
import io.statecast.model.WindowSpec;
import io.statecast.model.WindowStacks;
import io.statecast.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The window stack's reference against its equations written out again here, independently, over
 * the whole history of a key: at event {@code t} the window is the last {@code min(t + 1, W)}
 * events, the backward direction runs over it from the newest event from zero state, attention
 * pools {@code [h^f_i; h^b_i]}, layer 1 reads the pooled vector and the head reads layer 1.
 */
class ReferenceWindowTest {

  private static final int I = 3;
  private static final int H = 4;
  private static final int W = 4;
  private static final int HORIZON = 2;

  private static ModelSpec spec(CellSpec cell, int layers, Connection connection, int window) {
    return new ModelSpec(
        null,
        "window",
        1,
        null,
        InputSpec.raw(I),
        cell,
        new StackSpec(layers, connection, null, new WindowSpec(window)),
        new HeadSpec(HORIZON, 0, 0));
  }

  @Test
  void poolsTheBackwardDirectionAndTheForwardOutputsOfTheLastWEvents() {
    ModelWeights w = RandomWeights.of(spec(CellSpec.fused(H), 2, Connection.PLAIN, W), 5, 1.0);
    ReferenceModel model = new ReferenceModel(w);
    double[] state = model.newState();
    List<double[]> xs = new ArrayList<>();
    List<double[]> hfs = new ArrayList<>();
    double[][] forward = {new double[H], new double[H]}; // h, c of layer 0
    double[][] top = {new double[H], new double[H]}; // h, c of layer 1
    SplittableRandom r = new SplittableRandom(17);
    double largest = 0;
    for (int t = 0; t < 11; t++) {
      double[] x = {r.nextDouble(-2, 2), r.nextDouble(-2, 2), r.nextDouble(-2, 2)};
      forward = cell(w, "", 0, x, forward[0], forward[1]);
      xs.add(x);
      hfs.add(forward[0]);
      int n = Math.min(t + 1, W);
      double[][] z = new double[n][];
      double[][] back = {new double[H], new double[H]};
      for (int j = 0; j < n; j++) { // event t − j, newest first
        back = cell(w, "_reverse", 0, xs.get(t - j), back[0], back[1]);
        z[j] = concat(hfs.get(t - j), back[0]);
      }
      double[] score = w.tensors().get(WindowStacks.ATTENTION_WEIGHT).data();
      double[] bias = w.tensors().get(WindowStacks.ATTENTION_BIAS).data();
      double[] e = new double[n];
      double norm = 0;
      for (int j = 0; j < n; j++) {
        e[j] = Math.exp(dot(score, z[j]) + bias[W - 1 - j]); // position W−1−j holds event t−j
        norm += e[j];
      }
      double[] p = new double[2 * H];
      for (int j = 0; j < n; j++) {
        for (int d = 0; d < 2 * H; d++) {
          p[d] += e[j] / norm * z[j][d];
        }
      }
      top = cell(w, "", 1, p, top[0], top[1]);
      double[] forecast = new double[HORIZON];
      double[] hw = w.tensors().get(WeightNames.HEAD_WEIGHT).data();
      for (int k = 0; k < HORIZON; k++) {
        forecast[k] = w.tensors().get(WeightNames.HEAD_BIAS).data()[k];
        for (int d = 0; d < H; d++) {
          forecast[k] += hw[k * H + d] * top[0][d];
        }
      }
      ReferenceModel.Step step = model.step(x, state);
      largest = Math.max(largest, maxDiff(step.output(), top[0]));
      largest = Math.max(largest, maxDiff(step.forecast(), forecast));
      largest = Math.max(largest, maxDiff(model.hiddenOf(state, 0), forward[0]));
      largest = Math.max(largest, maxDiff(model.cellOf(state, 1), top[1]));
    }
    assertThat(largest).isLessThan(1e-12);
    assertThat(state[w.spec().stateLayout().spanOffset()]).isEqualTo(W);
  }

  @Test
  void aCorruptedCountIsHeldToTheWindow() {
    assertThat(ReferenceWindow.clampedCount(-7.5, W)).isEqualTo(1);
    assertThat(ReferenceWindow.clampedCount(0, W)).isEqualTo(1);
    assertThat(ReferenceWindow.clampedCount(2, W)).isEqualTo(3);
    assertThat(ReferenceWindow.clampedCount(1e9, W)).isEqualTo(W);
  }

  @Test
  void refusesWhatAWindowStackDoesNotSupportNamingIt() {
    CellSpec fused = CellSpec.fused(H);
    assertThatThrownBy(() -> spec(fused, 1, Connection.PLAIN, W))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 layers");
    assertThatThrownBy(() -> spec(fused, 2, Connection.RESIDUAL, W))
        .hasMessageContaining("plain only");
    assertThatThrownBy(() -> spec(fused, 2, Connection.GRID, W)).hasMessageContaining("plain only");
    assertThatThrownBy(
            () ->
                spec(
                    new CellSpec(CellVariant.FUSED, H, 2, GateSpec.STANDARD),
                    2,
                    Connection.PLAIN,
                    W))
        .hasMessageContaining("projection");
    assertThatThrownBy(
            () ->
                spec(
                    new CellSpec(CellVariant.FUSED, H, 0, new GateSpec(GateMode.GUMBEL, 0.5)),
                    2,
                    Connection.PLAIN,
                    W))
        .hasMessageContaining("Gumbel");
    CellSpec lowRank = fused.withCompression(new CompressionSpec(0, 0, 2, null));
    assertThatThrownBy(() -> spec(lowRank, 2, Connection.PLAIN, W))
        .hasMessageContaining("low-rank");
    assertThatThrownBy(() -> new WindowSpec(1)).hasMessageContaining("between 2 and 256");
    assertThatThrownBy(() -> new WindowSpec(257)).hasMessageContaining("between 2 and 256");
  }

  /** One LSTM step of layer {@code k} ({@code suffix} "" or "_reverse"): {@code [h', c']}. */
  private static double[][] cell(
      ModelWeights w, String suffix, int k, double[] u, double[] h, double[] c) {
    Map<String, Tensor> t = w.tensors();
    double[] wih = t.get(WeightNames.weightIh(k) + suffix).data();
    double[] whh = t.get(WeightNames.weightHh(k) + suffix).data();
    double[] bih = t.get(WeightNames.biasIh(k) + suffix).data();
    double[] bhh = t.get(WeightNames.biasHh(k) + suffix).data();
    double[] z = new double[4 * H];
    for (int row = 0; row < 4 * H; row++) {
      z[row] = bih[row] + bhh[row];
      for (int j = 0; j < u.length; j++) {
        z[row] += wih[row * u.length + j] * u[j];
      }
      for (int j = 0; j < H; j++) {
        z[row] += whh[row * H + j] * h[j];
      }
    }
    double[] h2 = new double[H];
    double[] c2 = new double[H];
    for (int n = 0; n < H; n++) {
      c2[n] = sigma(z[H + n]) * c[n] + sigma(z[n]) * Math.tanh(z[2 * H + n]);
      h2[n] = sigma(z[3 * H + n]) * Math.tanh(c2[n]);
    }
    return new double[][] {h2, c2};
  }

  private static double sigma(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
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
