package io.statecast.imports;

import static io.statecast.model.WeightNames.*;

import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StackSpec;
import io.statecast.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Imports the weights of one ONNX {@code LSTM} operator (opset 7+, forward direction) into a
 * one-layer Statecast model. ONNX orders gate rows {@code [i | o | f | c]} and peepholes {@code
 * [p_i | p_o | p_f]}; PyTorch and Statecast order gate rows {@code [i | f | g | o]} and keep
 * peepholes as three vectors, so rows are moved, nothing is computed:
 *
 * <pre>
 * W (1, 4H, I) → weight_ih_l0    R (1, 4H, H) → weight_hh_l0
 * B (1, 8H) = [Wb | Rb] → bias_ih_l0, bias_hh_l0   (or Wb, Rb given separately)
 * P (1, 3H) → weight_ci_l0 = p_i, weight_co_l0 = p_o, weight_cf_l0 = p_f
 * </pre>
 *
 * The leading {@code num_directions} axis may be absent; a bidirectional node is refused.
 */
public final class OnnxLstmImporter {

  /** ONNX gate block for each Statecast gate block i, f, g, o. */
  private static final int[] ONNX_BLOCK_OF = {0, 2, 3, 1};

  private OnnxLstmImporter() {}

  /**
   * Builds a model from ONNX LSTM arrays named {@code W}, {@code R}, {@code B} (or {@code Wb} and
   * {@code Rb}) and optionally {@code P}; other entries are ignored.
   */
  public static ModelWeights fromOnnx(
      Map<String, Tensor> arrays, String id, int version, String source) {
    Tensor w = squeezeDirection(require(arrays, "W", source), source);
    Tensor r = squeezeDirection(require(arrays, "R", source), source);
    if (w.rank() != 2 || w.dim(0) % 4 != 0) {
      throw new IllegalArgumentException(
          source + ": W has shape " + w.shapeString() + ", not (4H, I)");
    }
    int hidden = w.dim(0) / 4;
    Tensor[] biases = biases(arrays, hidden, source);
    Tensor p = arrays.containsKey("P") ? squeezeDirection(arrays.get("P"), source) : null;
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put(weightIh(0), reorderRows(w, hidden));
    out.put(weightHh(0), reorderRows(r, hidden));
    out.put(biasIh(0), reorderRows(biases[0], hidden));
    out.put(biasHh(0), reorderRows(biases[1], hidden));
    if (p != null) {
      if (p.size() != 3 * hidden) {
        throw new IllegalArgumentException(
            source + ": P has shape " + p.shapeString() + ", not (3H,) = (" + 3 * hidden + ",)");
      }
      out.put(peepholeInput(0), block(p, 0, hidden));
      out.put(peepholeOutput(0), block(p, 1, hidden));
      out.put(peepholeForget(0), block(p, 2, hidden));
    }
    ModelSpec spec =
        new ModelSpec(
            ModelSpec.FORMAT,
            id,
            version,
            "imported from ONNX LSTM weights in " + source,
            InputSpec.raw(w.dim(1)),
            new CellSpec(
                p == null ? CellVariant.FUSED : CellVariant.PEEPHOLE, hidden, 0, GateSpec.STANDARD),
            new StackSpec(1, null),
            HeadSpec.NONE);
    return ModelWeights.bind(spec, out, source);
  }

  private static Tensor[] biases(Map<String, Tensor> arrays, int hidden, String source) {
    if (arrays.containsKey("B")) {
      Tensor b = squeezeDirection(arrays.get("B"), source);
      if (b.size() != 8 * hidden) {
        throw new IllegalArgumentException(
            source + ": B has shape " + b.shapeString() + ", not (8H,) = (" + 8 * hidden + ",)");
      }
      double[] d = b.data();
      return new Tensor[] {
        new Tensor(b.dtype(), new int[] {4 * hidden}, Arrays.copyOfRange(d, 0, 4 * hidden)),
        new Tensor(b.dtype(), new int[] {4 * hidden}, Arrays.copyOfRange(d, 4 * hidden, 8 * hidden))
      };
    }
    if (arrays.containsKey("Wb") && arrays.containsKey("Rb")) {
      return new Tensor[] {
        squeezeDirection(arrays.get("Wb"), source), squeezeDirection(arrays.get("Rb"), source)
      };
    }
    Tensor zero = Tensor.zeros(Tensor.DType.FLOAT32, 4 * hidden);
    return new Tensor[] {zero, zero};
  }

  /** Rows of a {@code (4H, …)} or {@code (4H,)} tensor from ONNX gate order to PyTorch's. */
  private static Tensor reorderRows(Tensor t, int hidden) {
    int width = t.size() / (4 * hidden);
    double[] d = t.data();
    double[] out = new double[d.length];
    for (int gate = 0; gate < 4; gate++) {
      System.arraycopy(
          d, ONNX_BLOCK_OF[gate] * hidden * width, out, gate * hidden * width, hidden * width);
    }
    return new Tensor(t.dtype(), t.shape(), out);
  }

  private static Tensor block(Tensor t, int index, int hidden) {
    return new Tensor(
        t.dtype(),
        new int[] {hidden},
        Arrays.copyOfRange(t.data(), index * hidden, (index + 1) * hidden));
  }

  private static Tensor squeezeDirection(Tensor t, String source) {
    int[] s = t.shape();
    if (s.length >= 2 && s[0] == 1 && (s.length == 3 || s.length == 2)) {
      return t.reshape(Arrays.copyOfRange(s, 1, s.length));
    }
    if (s.length >= 2 && s[0] == 2 && s.length == 3) {
      throw new IllegalArgumentException(
          source + ": a bidirectional ONNX LSTM cannot be stepped one event at a time");
    }
    return t;
  }

  private static Tensor require(Map<String, Tensor> arrays, String name, String source) {
    Tensor t = arrays.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          source + " has no '" + name + "' (ONNX LSTM arrays W, R, B or Wb/Rb, P expected)");
    }
    return t;
  }
}
