package io.statecast.compress;

import io.statecast.model.CellSpec;
import io.statecast.model.CompressionSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Compresses a trained model's gate weights as {@link CompressionSpec} says (Li et al. 2018,
 * "Towards Binary-Valued Gates for Robust LSTM Training", section on compression), in this order:
 *
 * <ol>
 *   <li>precision: each weight {@code w} of the chosen gates' rows of {@code weight_ih} and {@code
 *       weight_hh} becomes {@code clip(r · round(w / r), −c, c)} (either step skipped when 0);
 *       biases, peepholes, projections, highway gates and the head are kept as they are; a window
 *       stack's backward direction ({@code *_l0_reverse}) is rounded like layer 0;
 *   <li>low rank: each {@code weight_ih} / {@code weight_hh} that the cell factors (of {@code c ≥
 *       K} columns; see {@link io.statecast.model.WeightNames}) becomes, from its SVD {@code W = U
 *       Σ Vᵀ} (commons-math), {@code left = U_K Σ_K (4H, K)} and {@code right = V_Kᵀ (K, c)}: the
 *       best rank-{@code K} approximation in the Frobenius and spectral norms (Eckart–Young).
 * </ol>
 *
 * Values are rounded to each weight's stored type (float32 for trained models), so the compressed
 * weights in memory are the ones an artifact stores.
 */
public final class Compressor {

  private Compressor() {}

  /**
   * The compressed model, under id {@code newId}.
   *
   * @throws IllegalArgumentException when the model is compressed already, or the rank is larger
   *     than the layer output size
   */
  public static ModelWeights compress(ModelWeights source, CompressionSpec how, String newId) {
    ModelSpec spec = source.spec();
    if (spec.cell().compression() != null) {
      throw new IllegalArgumentException(
          "model '" + spec.id() + "' is compressed already; compress the uncompressed model");
    }
    CellSpec cell = spec.cell().withCompression(how);
    ModelSpec target = spec.withCell(cell).withId(newId);
    Map<String, Tensor> out = new LinkedHashMap<>(source.tensors());
    for (int k = 0; k < spec.layers(); k++) {
      for (String name : new String[] {WeightNames.weightIh(k), WeightNames.weightHh(k)}) {
        Tensor w = precision(out.remove(name), how, cell.hidden());
        if (cell.factors(w.dim(1))) {
          Tensor[] f = factors(w, cell.rank());
          out.put(WeightNames.left(name), f[0]);
          out.put(WeightNames.right(name), f[1]);
        } else {
          out.put(name, w);
        }
      }
    }
    if (spec.stack().window() != null) { // the backward direction's gates, rounded as layer 0's
      for (String name :
          new String[] {
            WeightNames.reverse(WeightNames.weightIh(0)),
            WeightNames.reverse(WeightNames.weightHh(0))
          }) {
        out.put(name, precision(out.get(name), how, cell.hidden()));
      }
    }
    return ModelWeights.bind(target, out, "compressed weights of model '" + spec.id() + "'");
  }

  /** {@code clip(r · round(w / r), −c, c)} on the covered gate rows of {@code w (4H, cols)}. */
  static Tensor precision(Tensor w, CompressionSpec how, int hidden) {
    if (how.round() == 0 && how.clip() == 0) {
      return w;
    }
    int cols = w.dim(1);
    double[] d = w.data().clone();
    for (int i = 0; i < d.length; i++) {
      if (how.gates().covers(i / cols, hidden)) {
        double v = how.round() > 0 ? how.round() * Math.rint(d[i] / how.round()) : d[i];
        d[i] = how.clip() > 0 ? Math.max(-how.clip(), Math.min(how.clip(), v)) : v;
      }
    }
    return stored(w.dtype(), w.shape(), d);
  }

  /** {@code [U_K Σ_K (rows, K), V_Kᵀ (K, cols)]} from the SVD of {@code w (rows, cols)}. */
  static Tensor[] factors(Tensor w, int rank) {
    int rows = w.dim(0);
    int cols = w.dim(1);
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(w.data(), r * cols, m[r], 0, cols);
    }
    SingularValueDecomposition svd =
        new SingularValueDecomposition(new Array2DRowRealMatrix(m, false));
    RealMatrix u = svd.getU(); // (rows, p), p = min(rows, cols)
    RealMatrix v = svd.getV(); // (cols, p)
    double[] sigma = svd.getSingularValues(); // p, descending
    double[] left = new double[rows * rank];
    double[] right = new double[rank * cols];
    for (int j = 0; j < rank; j++) {
      for (int r = 0; r < rows; r++) {
        left[r * rank + j] = u.getEntry(r, j) * sigma[j];
      }
      for (int c = 0; c < cols; c++) {
        right[j * cols + c] = v.getEntry(c, j);
      }
    }
    return new Tensor[] {
      stored(w.dtype(), new int[] {rows, rank}, left),
      stored(w.dtype(), new int[] {rank, cols}, right)
    };
  }

  private static Tensor stored(Tensor.DType dtype, int[] shape, double[] d) {
    if (dtype == Tensor.DType.FLOAT32) {
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) d[i];
      }
    }
    return new Tensor(dtype, shape, d);
  }
}
