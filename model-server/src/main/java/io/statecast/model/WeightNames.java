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
 * head.weight     (h, R)       head.bias (h)            dense head, horizon h > 0
 * ar.weight       (h, k_ar)    ar.bias (h)              autoregressive term, k_ar > 0
 * embedding_{name} (V + 1, dim)                          an input embedding, row V: unknown
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
      m.put(weightIh(k), new int[] {h4, spec.layerInputSize(k)});
      m.put(weightHh(k), new int[] {h4, r});
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
}
