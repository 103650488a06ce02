package io.statecast.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrates a quantile head's central intervals by conformalized quantile regression (Romano,
 * Patterson and Candès 2019) on the validation part of every key, the part early stopping scores.
 *
 * <p>For each interval {@code [lo, hi]} of nominal coverage {@code 1 − α} ({@link
 * HeadSpec#intervals()}) and each step {@code j}, the validation forecasts, finished as served
 * (sorted per step, clipped at the key's zero when non-negative), give the conformity scores
 *
 * <pre>
 * E_i = max(lo_i − y_i, y_i − hi_i)                 (normalised units: per-key standard deviations)
 * q̂  = the ⌈(1 − α)(n + 1)⌉-th smallest of E_1 … E_n   (the largest when that exceeds n)
 * </pre>
 *
 * and the interval {@code [lo − q̂, hi + q̂]} covers a new exchangeable point with probability at
 * least {@code 1 − α}. The adjustment is folded into the head's bias, {@code b_out[lower block, j]
 * −= q̂} and {@code b_out[upper block, j] += q̂}, so the served model is simply calibrated: no new
 * format or kernel. {@code q̂ < 0} narrows an interval that was too wide. Coverage after is
 * measured by streaming the calibrated weights again, so it includes the effect of sorting.
 */
public final class Conformal {

  /**
   * One step of one interval.
   *
   * @param step forecast step, 1-based
   * @param qhat the adjustment {@code q̂} in normalised units
   * @param n validation points scored
   * @param coverageBefore share of them inside the interval before calibration
   * @param coverageAfter share inside the calibrated interval
   */
  public record Step(int step, double qhat, int n, double coverageBefore, double coverageAfter) {}

  /**
   * One interval's calibration.
   *
   * @param coverage nominal coverage {@code 1 − α}
   * @param steps per forecast step
   */
  public record IntervalCalibration(double coverage, List<Step> steps) {
    public IntervalCalibration {
      steps = List.copyOf(steps);
    }

    /** Mean over the steps of the coverage before calibration. */
    public double meanCoverageBefore() {
      return steps.stream().mapToDouble(Step::coverageBefore).average().orElse(Double.NaN);
    }

    /** Mean over the steps of the coverage after calibration. */
    public double meanCoverageAfter() {
      return steps.stream().mapToDouble(Step::coverageAfter).average().orElse(Double.NaN);
    }
  }

  /**
   * A calibrated model.
   *
   * @param weights the weights with {@code q̂} folded into the head's bias
   * @param intervals what was done, widest interval first
   */
  public record Calibration(ModelWeights weights, List<IntervalCalibration> intervals) {
    public Calibration {
      intervals = List.copyOf(intervals);
    }
  }

  /** The most adjustment rounds (see the class comment); one unless levels cross. */
  static final int MAX_ROUNDS = 4;

  /** An adjustment this small (normalised units: float rounding) ends the rounds. */
  private static final double SETTLED = 1e-5;

  private Conformal() {}

  /**
   * Calibrates {@code weights} (a quantile head under the serving spec) on {@code data}'s
   * validation parts.
   *
   * @param zeros per key of {@code data}, the normalised value of 0 where the head is non-negative
   *     ({@code −μ_k / σ_k}); ignored otherwise
   * @param warmup steps streamed before each validation part, as {@link Validator}
   * @param threads PyTorch intra-op threads
   */
  static Calibration calibrate(
      TrainingData data, ModelWeights weights, double[] zeros, int warmup, int threads) {
    HeadSpec head = weights.spec().head();
    if (!head.probabilistic()) {
      throw new IllegalArgumentException("only a quantile head has intervals to calibrate");
    }
    Engine engine = DjlRuntime.engine(threads);
    try (NDManager root = NDManager.newBaseManager(Device.cpu(), engine.getEngineName());
        Validator v = new Validator(data, head, LossKind.PINBALL, warmup, root)) {
      double[] floors = floors(head, zeros);
      List<HeadSpec.Interval> intervals = head.intervals();
      double[][][] before = scores(v, forecasts(v, weights, root), head, floors);
      double[][][] after = before;
      double[][] qhat = new double[intervals.size()][head.horizon()];
      ModelWeights calibrated = weights;
      for (int round = 0; round < MAX_ROUNDS; round++) {
        double[][] step = new double[intervals.size()][head.horizon()];
        double largest = 0;
        for (int i = 0; i < intervals.size(); i++) {
          for (int j = 0; j < head.horizon(); j++) {
            step[i][j] = quantile(after[i][j], intervals.get(i).coverage());
            qhat[i][j] += step[i][j];
            largest = Math.max(largest, Math.abs(step[i][j]));
          }
        }
        if (largest <= SETTLED) {
          break;
        }
        calibrated = shifted(calibrated, intervals, step);
        after = scores(v, forecasts(v, calibrated, root), head, floors);
      }
      List<IntervalCalibration> out = new ArrayList<>();
      for (int i = 0; i < intervals.size(); i++) {
        List<Step> steps = new ArrayList<>();
        for (int j = 0; j < head.horizon(); j++) {
          steps.add(
              new Step(
                  j + 1,
                  qhat[i][j],
                  before[i][j].length,
                  coverage(before[i][j]),
                  coverage(after[i][j])));
        }
        out.add(new IntervalCalibration(intervals.get(i).coverage(), steps));
      }
      return new Calibration(calibrated, out);
    }
  }

  /**
   * {@code q̂}: the {@code ⌈c(n + 1)⌉}-th smallest score (the largest when that rank exceeds {@code
   * n}; 0 without scores).
   */
  static double quantile(double[] scores, double coverage) {
    int n = scores.length;
    if (n == 0) {
      return 0;
    }
    double[] s = scores.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(coverage * (n + 1) - 1e-9);
    return s[Math.max(1, Math.min(n, rank)) - 1];
  }

  /** Share of scores {@code ≤ 0}: points inside their interval. */
  static double coverage(double[] scores) {
    long inside = Arrays.stream(scores).filter(e -> e <= 0).count();
    return scores.length == 0 ? Double.NaN : inside / (double) scores.length;
  }

  /** The head's bias with {@code −q̂} on each lower block and {@code +q̂} on each upper block. */
  static ModelWeights shifted(
      ModelWeights weights, List<HeadSpec.Interval> intervals, double[][] qhat) {
    int h = weights.spec().head().horizon();
    Map<String, Tensor> t = new LinkedHashMap<>(weights.tensors());
    Tensor bias = t.get(WeightNames.HEAD_BIAS);
    double[] b = bias.data().clone();
    for (int i = 0; i < intervals.size(); i++) {
      for (int j = 0; j < h; j++) {
        b[intervals.get(i).lowerOffset() + j] -= qhat[i][j];
        b[intervals.get(i).upperOffset() + j] += qhat[i][j];
      }
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) b[i];
    }
    t.put(WeightNames.HEAD_BIAS, new Tensor(Tensor.DType.FLOAT32, bias.shape(), b));
    return ModelWeights.bind(weights.spec(), t, "calibrated weights");
  }

  private static double[] floors(HeadSpec head, double[] zeros) {
    return head.nonNegative() ? zeros : new double[zeros.length];
  }

  private static float[] forecasts(Validator v, ModelWeights w, NDManager root) {
    try (TrainableModel model = new TrainableModel(w, root)) {
      return v.forecasts(model, w.spec(), TrainableModel.Weights.CURRENT);
    }
  }

  /**
   * Conformity scores per interval and step over the scored validation entries, on finished rows:
   * in units shifted by the key's floor, so that {@link HeadSpec#finish}'s clip at 0 is the clip at
   * the key's zero (sorting is unchanged by the shift).
   */
  private static double[][][] scores(Validator v, float[] f, HeadSpec head, double[] floors) {
    int h = head.horizon();
    int width = head.outputs();
    List<HeadSpec.Interval> intervals = head.intervals();
    List<List<List<Double>>> acc = new ArrayList<>();
    for (int i = 0; i < intervals.size(); i++) {
      List<List<Double>> perStep = new ArrayList<>();
      for (int j = 0; j < h; j++) {
        perStep.add(new ArrayList<>());
      }
      acc.add(perStep);
    }
    float[] y = v.targets();
    float[] mask = v.mask();
    float[] row = new float[width];
    for (int r = 0; r < v.steps() * v.keys(); r++) {
      if (!scored(mask, r * h, h)) {
        continue;
      }
      float floor = (float) floors[r % v.keys()];
      for (int c = 0; c < width; c++) {
        row[c] = f[r * width + c] - floor;
      }
      head.finish(row, 0);
      for (int j = 0; j < h; j++) {
        if (mask[r * h + j] == 0f) {
          continue;
        }
        double target = y[r * h + j] - floor;
        for (int i = 0; i < intervals.size(); i++) {
          HeadSpec.Interval in = intervals.get(i);
          double lo = row[in.lowerOffset() + j];
          double hi = row[in.upperOffset() + j];
          acc.get(i).get(j).add(Math.max(lo - target, target - hi));
        }
      }
    }
    double[][][] out = new double[intervals.size()][h][];
    for (int i = 0; i < intervals.size(); i++) {
      for (int j = 0; j < h; j++) {
        out[i][j] = acc.get(i).get(j).stream().mapToDouble(Double::doubleValue).toArray();
      }
    }
    return out;
  }

  private static boolean scored(float[] mask, int from, int n) {
    for (int i = from; i < from + n; i++) {
      if (mask[i] != 0f) {
        return true;
      }
    }
    return false;
  }
}
