package io.statecast.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names and shapes of a model's weights. LSTM weights follow PyTorch's {@code nn.LSTM} state
 * dict exactly (gate rows {@code [i | f | g | o]}), so a model trained in PyTorch is served as it
 * is; the parts PyTorch does not have are named in the same style.
 *
 * <pre>
 * weight_ih_l{k}  (4H, in_k)   weight_hh_l{k} (4H, R)   bias_ih_l{k}, bias_hh_l{k} (4H)
 * weight_hr_l{k}  (R, H)       LSTMP projection only
 * weight_ci_l{k}, weight_cf_l{k}, weight_co_l{k} (H)      peephole only: p_i, p_f, p_o
 * weight_t_l{k}   (R, R)       bias_t_l{k} (R)          highway carry gate, k ≥ 1 only
 * weight_ih_l{k}_depth (4H, in_k)  weight_hh_l{k}_depth (4H, R)  bias_ih_l{k}_depth,
 *   bias_hh_l{k}_depth (4H)    weight_c{i,f,o}_l{k}_depth (H, peephole)   grid depth cell
 * weight_ih_l0_reverse (4H, I)  weight_hh_l0_reverse (4H, H)  bias_ih_l0_reverse,
 *   bias_hh_l0_reverse (4H)    weight_c{i,f,o}_l0_reverse (H, peephole)   window backward cell
 * attention.weight (1, 2H)     attention.bias (W)                          window attention
 * head.weight     (h, R)       head.bias (h)            dense head, horizon h > 0
 * ar.weight       (h, k_ar)    ar.bias (h)              autoregressive term, k_ar > 0
 * embedding_{name} (V + 1, dim)                          an input embedding, row V: unknown
 * </pre>
 *
 * <p>A low-rank cell ({@code cell.compression.rank = K}) stores each {@code weight_ih_l{k}} of
 * {@code in_k ≥ K} columns and every {@code weight_hh_l{k}} as two factors whose product is the
 * weight, in place of the weight:
 *
 * <pre>
 * weight_ih_l{k}_left (4H, K)   weight_ih_l{k}_right (K, in_k)    where in_k ≥ K
 * weight_hh_l{k}_left (4H, K)   weight_hh_l{k}_right (K, R)
 * </pre>
 */
public final class WeightNames {

  private WeightNames() {}

  public static String weightIh(int k) {
    return "weight_ih_l" + k;
  }

  public static String weightHh(int k) {
    return "weight_hh_l" + k;
  }

  /** The left factor {@code (4H, K)} of a factored {@code weight} (a name above). */
  public static String left(String weight) {
    return weight + "_left";
  }

  /** The right factor {@code (K, c)} of a factored {@code weight}. */
  public static String right(String weight) {
    return weight + "_right";
  }

  public static String biasIh(int k) {
    return "bias_ih_l" + k;
  }

  public static String biasHh(int k) {
    return "bias_hh_l" + k;
  }

  public static String weightHr(int k) {
    return "weight_hr_l" + k;
  }

  public static String peepholeInput(int k) {
    return "weight_ci_l" + k;
  }

  public static String peepholeForget(int k) {
    return "weight_cf_l" + k;
  }

  public static String peepholeOutput(int k) {
    return "weight_co_l" + k;
  }

  public static String highwayWeight(int k) {
    return "weight_t_l" + k;
  }

  public static String highwayBias(int k) {
    return "bias_t_l" + k;
  }

  /**
   * The name of the depth cell's weight of a Grid LSTM block that corresponds to the time cell's
   * {@code name} (e.g. {@code weight_ih_l1} → {@code weight_ih_l1_depth}), as PyTorch names a
   * bidirectional layer's second direction {@code weight_ih_l1_reverse}.
   */
  public static String depth(String name) {
    return name + "_depth";
  }

  /**
   * The name of the backward direction's weight of a window stack's first layer that corresponds to
   * the forward layer's {@code name} ({@code weight_ih_l0} → {@code weight_ih_l0_reverse}), as
   * PyTorch names a bidirectional layer's second direction.
   */
  public static String reverse(String name) {
    return name + "_reverse";
  }

  /** The table of the input embedding {@code name}. */
  public static String embedding(String name) {
    return "embedding_" + name;
  }

  public static final String HEAD_WEIGHT = "head.weight";
  public static final String HEAD_BIAS = "head.bias";
  public static final String AR_WEIGHT = "ar.weight";
  public static final String AR_BIAS = "ar.bias";

  /** Every weight the spec needs, with its shape, in a canonical order. */
  public static Map<String, int[]> expected(ModelSpec spec) {
    Map<String, int[]> m = new LinkedHashMap<>();
    int h4 = 4 * spec.cell().hidden();
    int r = spec.outputSize();
    int hidden = spec.cell().hidden();
    for (EmbeddingSpec e : spec.inputs().embeddings()) {
      m.put(embedding(e.name()), new int[] {e.rows(), e.dim()});
    }
    for (int k = 0; k < spec.layers(); k++) {
      putGateWeight(m, spec.cell(), weightIh(k), h4, spec.layerInputSize(k));
      putGateWeight(m, spec.cell(), weightHh(k), h4, r);
      m.put(biasIh(k), new int[] {h4});
      m.put(biasHh(k), new int[] {h4});
      if (spec.cell().projected()) {
        m.put(weightHr(k), new int[] {r, hidden});
      }
      if (spec.cell().variant() == CellVariant.PEEPHOLE) {
        m.put(peepholeInput(k), new int[] {hidden});
        m.put(peepholeForget(k), new int[] {hidden});
        m.put(peepholeOutput(k), new int[] {hidden});
      }
      if (k > 0 && spec.stack().connection() == Connection.HIGHWAY) {
        m.put(highwayWeight(k), new int[] {r, r});
        m.put(highwayBias(k), new int[] {r});
      }
    }
    if (spec.stack().connection() == Connection.GRID) {
      gridDepthWeights(spec, m);
    }
    if (spec.stack().window() != null) {
      WindowStacks.putWeights(spec, m);
    }
    HeadSpec head = spec.head();
    if (head.present()) {
      m.put(HEAD_WEIGHT, new int[] {head.outputs(), r});
      m.put(HEAD_BIAS, new int[] {head.outputs()});
      if (head.autoregressive() > 0) {
        m.put(AR_WEIGHT, new int[] {head.outputs(), head.autoregressive()});
        m.put(AR_BIAS, new int[] {head.outputs()});
      }
    }
    return m;
  }

  /** The depth cell of every Grid LSTM block: the time cell's LSTM weights, suffixed. */
  private static void gridDepthWeights(ModelSpec spec, Map<String, int[]> m) {
    for (int k = 0; k < spec.layers(); k++) {
      for (String name :
          new String[] {
            weightIh(k),
            weightHh(k),
            biasIh(k),
            biasHh(k),
            peepholeInput(k),
            peepholeForget(k),
            peepholeOutput(k)
          }) {
        int[] shape = m.get(name);
        if (shape != null) {
          m.put(depth(name), shape.clone());
        }
      }
    }
  }

  /** {@code name (rows, cols)}, or its two factors where the cell factors it. */
  private static void putGateWeight(
      Map<String, int[]> m, CellSpec cell, String name, int rows, int cols) {
    if (cell.factors(cols)) {
      m.put(left(name), new int[] {rows, cell.rank()});
      m.put(right(name), new int[] {cell.rank(), cols});
    } else {
      m.put(name, new int[] {rows, cols});
    }
  }
}
