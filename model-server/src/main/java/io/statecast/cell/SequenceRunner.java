package io.statecast.cell;

import io.statecast.cell.reference.ReferenceModel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;
import io.statecast.tensor.Tensor;
import io.statecast.tensor.Tensor.DType;

/**
 * Steps whole sequences the streaming way, one event at a time, for {@code model step}, tests and
 * benchmarks: {@code x (T, B, I)} with an optional initial state {@code h0 (L, B, R)}, {@code c0
 * (L, B, H)} gives {@code y (T, B, R)}, the final {@code h_n}, {@code c_n}, and the forecasts
 * {@code (T, B, horizon)} when the model has a head.
 */
public final class SequenceRunner {

  /**
   * A stepped sequence.
   *
   * @param y top-of-stack output at every step {@code (T, B, R)}
   * @param hn final {@code h (L, B, R)}
   * @param cn final {@code c (L, B, H)}
   * @param forecast head output at every step {@code (T, B, horizon)}, or null without a head
   */
  public record Result(Tensor y, Tensor hn, Tensor cn, Tensor forecast) {}

  private SequenceRunner() {}

  /** Steps every row with the double-precision reference; results are float64. */
  public static Result reference(ModelWeights weights, Tensor x, Tensor h0, Tensor c0) {
    ModelSpec spec = weights.spec();
    Dims d = Dims.of(spec, x, h0, c0);
    ReferenceModel model = new ReferenceModel(weights);
    double[][] states = packStates(d, h0, c0);
    double[] y = new double[d.t * d.b * d.r];
    double[] f = new double[d.t * d.b * d.horizon];
    for (int t = 0; t < d.t; t++) {
      for (int b = 0; b < d.b; b++) {
        double[] row = new double[d.i];
        System.arraycopy(x.data(), (t * d.b + b) * d.i, row, 0, d.i);
        ReferenceModel.Step out = model.step(row, states[b]);
        System.arraycopy(out.output(), 0, y, (t * d.b + b) * d.r, d.r);
        System.arraycopy(out.forecast(), 0, f, (t * d.b + b) * d.horizon, d.horizon);
      }
    }
    return result(d, DType.FLOAT64, y, f, states);
  }

  /** Steps the rows in chunks of {@code chunk} with a float kernel; results are float32. */
  public static Result kernel(StepKernel kernel, Tensor x, Tensor h0, Tensor c0, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + chunk);
    }
    Dims d = Dims.of(kernel.spec(), x, h0, c0);
    double[][] states = packStates(d, h0, c0);
    float[] y = new float[d.t * d.b * d.r];
    float[] f = new float[d.t * d.b * d.horizon];
    for (int from = 0; from < d.b; from += chunk) {
      int n = Math.min(chunk, d.b - from);
      float[] st = new float[n * d.s];
      for (int b = 0; b < n; b++) {
        for (int j = 0; j < d.s; j++) {
          st[b * d.s + j] = (float) states[from + b][j];
        }
      }
      float[] xs = new float[n * d.i];
      float[] ys = new float[n * d.r];
      float[] fs = new float[n * d.horizon];
      for (int t = 0; t < d.t; t++) {
        for (int j = 0; j < n * d.i; j++) {
          xs[j] = (float) x.data()[(t * d.b + from) * d.i + j];
        }
        kernel.step(n, xs, st, ys, d.horizon > 0 ? fs : null);
        System.arraycopy(ys, 0, y, (t * d.b + from) * d.r, n * d.r);
        System.arraycopy(fs, 0, f, (t * d.b + from) * d.horizon, n * d.horizon);
      }
      for (int b = 0; b < n; b++) {
        for (int j = 0; j < d.s; j++) {
          states[from + b][j] = st[b * d.s + j];
        }
      }
    }
    return result(d, DType.FLOAT32, widen(y), widen(f), states);
  }

  private static double[][] packStates(Dims d, Tensor h0, Tensor c0) {
    double[][] states = new double[d.b][d.s];
    for (int k = 0; k < d.layers; k++) {
      for (int b = 0; b < d.b; b++) {
        if (h0 != null) {
          System.arraycopy(h0.data(), (k * d.b + b) * d.r, states[b], d.layout.hOffset(k), d.r);
        }
        if (c0 != null) {
          System.arraycopy(c0.data(), (k * d.b + b) * d.h, states[b], d.layout.cOffset(k), d.h);
        }
      }
    }
    return states;
  }

  private static Result result(Dims d, DType type, double[] y, double[] f, double[][] states) {
    double[] hn = new double[d.layers * d.b * d.r];
    double[] cn = new double[d.layers * d.b * d.h];
    for (int k = 0; k < d.layers; k++) {
      for (int b = 0; b < d.b; b++) {
        System.arraycopy(states[b], d.layout.hOffset(k), hn, (k * d.b + b) * d.r, d.r);
        System.arraycopy(states[b], d.layout.cOffset(k), cn, (k * d.b + b) * d.h, d.h);
      }
    }
    return new Result(
        new Tensor(type, new int[] {d.t, d.b, d.r}, y),
        new Tensor(type, new int[] {d.layers, d.b, d.r}, hn),
        new Tensor(type, new int[] {d.layers, d.b, d.h}, cn),
        d.horizon == 0 ? null : new Tensor(type, new int[] {d.t, d.b, d.horizon}, f));
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** The sizes involved, checked against each other. */
  private record Dims(
      int t, int b, int i, int r, int h, int layers, int horizon, int s, StateLayout layout) {

    static Dims of(ModelSpec spec, Tensor x, Tensor h0, Tensor c0) {
      if (x.rank() != 3 || x.dim(2) != spec.inputSize()) {
        throw new IllegalArgumentException(
            "x has shape "
                + x.shapeString()
                + "; the model needs (T, B, "
                + spec.inputSize()
                + ")");
      }
      int b = x.dim(1);
      int layers = spec.layers();
      check("h0", h0, layers, b, spec.outputSize());
      check("c0", c0, layers, b, spec.cell().hidden());
      StateLayout layout = spec.stateLayout();
      return new Dims(
          x.dim(0),
          b,
          spec.inputSize(),
          spec.outputSize(),
          spec.cell().hidden(),
          layers,
          spec.head().outputs(),
          layout.size(),
          layout);
    }

    private static void check(String name, Tensor t, int layers, int b, int width) {
      if (t != null
          && (t.rank() != 3 || t.dim(0) != layers || t.dim(1) != b || t.dim(2) != width)) {
        throw new IllegalArgumentException(
            name
                + " has shape "
                + t.shapeString()
                + "; the model needs ("
                + layers
                + ", "
                + b
                + ", "
                + width
                + ")");
      }
    }
  }
}
