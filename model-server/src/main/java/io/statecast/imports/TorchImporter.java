package io.statecast.imports;

import static io.statecast.model.WeightNames.*;

import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StackSpec;
import io.statecast.model.WindowSpec;
import io.statecast.model.WindowStacks;
import io.statecast.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a PyTorch {@code nn.LSTM} state dict ({@code weight_ih_l{k}}, {@code weight_hh_l{k}},
 * {@code bias_ih_l{k}}, {@code bias_hh_l{k}}, optional {@code weight_hr_l{k}}), possibly under a
 * module prefix such as {@code lstm.}, plus the optional Statecast parts ({@code weight_c*_l{k}}
 * peepholes, {@code weight_t_l{k}} highway gates, {@code head.*}, {@code ar.*}). Everything else in
 * the file (data arrays saved next to the weights, other modules) is ignored and reported.
 *
 * <p>Sizes come from the weights: {@code H = rows(weight_ih_l0) / 4}, {@code I =
 * cols(weight_ih_l0)}, {@code R = rows(weight_hr_l0)} when projected, {@code L} = number of layers
 * found. The connection mode cannot be seen in the weights beyond highway gates; it is an option.
 *
 * <p>A bidirectional first layer ({@code weight_ih_l0_reverse}, {@code weight_hh_l0_reverse},
 * {@code bias_*_l0_reverse}, as {@code nn.LSTM(bidirectional=True)} names its second direction)
 * imports as a window stack ({@link io.statecast.model.WindowStacks}): the backward direction runs
 * over each key's last {@code W} events, {@code W} from {@link Options#window} or, without it, the
 * length of {@code attention.bias}. The attention ({@code attention.weight (1, 2H)}, {@code
 * attention.bias (W)}) and layer 1, which reads {@code [h^f; h^b]} ({@code weight_ih_l1 (4H, 2H)},
 * as in a two-layer bidirectional {@code nn.LSTM}), must be in the file. A reverse direction above
 * layer 0 is refused: its layer would read the backward outputs of a whole sequence at every event.
 */
public final class TorchImporter {

  /** An imported model and the entries of the file that were not used. */
  public record Result(ModelWeights weights, List<String> ignored) {}

  /**
   * What the weights cannot tell.
   *
   * @param window the window {@code W} of a bidirectional first layer, 0 to take it from {@code
   *     attention.bias}
   */
  public record Options(String id, int version, Connection connection, int arFeature, int window) {
    public Options {
      if (connection == null) {
        connection = Connection.PLAIN;
      }
      if (window < 0) {
        throw new IllegalArgumentException(
            "the window must be 0 (none) or 2 to 256, got " + window);
      }
    }

    /** Options for a model without a bidirectional first layer. */
    public Options(String id, int version, Connection connection, int arFeature) {
      this(id, version, connection, arFeature, 0);
    }
  }

  private TorchImporter() {}

  /**
   * Builds a model from a state dict.
   *
   * @param source the file, for messages
   * @throws IllegalArgumentException (often a {@link io.statecast.model.SpecMismatchException})
   *     saying which weights are missing or disagree
   */
  public static Result fromStateDict(Map<String, Tensor> dict, Options options, String source) {
    String prefix = lstmPrefix(dict, source);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : dict.entrySet()) {
      String name = e.getKey();
      String local = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
      if (local.endsWith("_reverse")) {
        requireFirstLayer(local, name, source);
      }
      if (isModelWeight(local)) {
        weights.put(local, e.getValue());
      } else {
        ignored.add(name);
      }
    }
    int layers = countLayers(weights, source);
    Tensor wih = weights.get(weightIh(0));
    if (wih.rank() != 2 || wih.dim(0) % 4 != 0) {
      throw new IllegalArgumentException(
          source + ": weight_ih_l0 has shape " + wih.shapeString() + ", not (4H, I)");
    }
    int hidden = wih.dim(0) / 4;
    for (int k = 0; k < layers; k++) {
      weights.putIfAbsent(biasIh(k), Tensor.zeros(Tensor.DType.FLOAT32, 4 * hidden));
      weights.putIfAbsent(biasHh(k), Tensor.zeros(Tensor.DType.FLOAT32, 4 * hidden));
    }
    if (weights.containsKey(reverse(weightIh(0)))) { // a bias-free backward direction
      weights.putIfAbsent(reverse(biasIh(0)), Tensor.zeros(Tensor.DType.FLOAT32, 4 * hidden));
      weights.putIfAbsent(reverse(biasHh(0)), Tensor.zeros(Tensor.DType.FLOAT32, 4 * hidden));
    }
    ModelSpec spec = inferSpec(weights, layers, hidden, options, source);
    return new Result(ModelWeights.bind(spec, weights, source), ignored);
  }

  /** Refuses a reverse direction above layer 0, which a stream cannot step. */
  private static void requireFirstLayer(String local, String name, String source) {
    if (!local.matches("(weight_(ih|hh|ci|cf|co)|bias_(ih|hh))_l0_reverse")) {
      throw new IllegalArgumentException(
          source
              + ": '"
              + name
              + "' is a reverse direction above the first layer: that layer would read the"
              + " backward outputs of the whole sequence at every event, which a stream does not"
              + " have; only a bidirectional first layer imports (as a window, --window W)");
    }
  }

  /**
   * The window of a bidirectional first layer: the option, else the length of {@code
   * attention.bias}; null without reverse weights.
   */
  private static WindowSpec window(Map<String, Tensor> w, Options options, String source) {
    if (!w.containsKey(reverse(weightIh(0)))) {
      if (options.window() > 0) {
        throw new IllegalArgumentException(
            source
                + ": a window of "
                + options.window()
                + " was asked for, but the file has no bidirectional first layer ('"
                + reverse(weightIh(0))
                + "')");
      }
      return null;
    }
    if (options.window() > 0) {
      return new WindowSpec(options.window());
    }
    Tensor bias = w.get(WindowStacks.ATTENTION_BIAS);
    if (bias == null || bias.rank() != 1) {
      throw new IllegalArgumentException(
          source
              + ": '"
              + reverse(weightIh(0))
              + "' belongs to a bidirectional first layer, which needs the future: it streams as"
              + " a window over each key's last W events; give --window W (and the file"
              + " attention.weight (1, 2H) and attention.bias (W))");
    }
    return new WindowSpec(bias.dim(0));
  }

  private static ModelSpec inferSpec(
      Map<String, Tensor> w, int layers, int hidden, Options options, String source) {
    Tensor hr = w.get(weightHr(0));
    int projection = hr == null ? 0 : hr.dim(0);
    CellVariant variant =
        w.containsKey(peepholeInput(0)) ? CellVariant.PEEPHOLE : CellVariant.FUSED;
    Connection connection =
        w.containsKey(highwayWeight(1)) ? Connection.HIGHWAY : options.connection();
    HeadSpec head = HeadSpec.NONE;
    Tensor hw = w.get(HEAD_WEIGHT);
    if (hw != null) {
      Tensor ar = w.get(AR_WEIGHT);
      head = new HeadSpec(hw.dim(0), ar == null ? 0 : ar.dim(1), options.arFeature());
    }
    return new ModelSpec(
        ModelSpec.FORMAT,
        options.id(),
        options.version(),
        "imported from " + source,
        InputSpec.raw(w.get(weightIh(0)).dim(1)),
        new CellSpec(variant, hidden, projection, GateSpec.STANDARD),
        new StackSpec(layers, connection, null, window(w, options, source)),
        head);
  }

  private static String lstmPrefix(Map<String, Tensor> dict, String source) {
    List<String> found = new ArrayList<>();
    for (String name : dict.keySet()) {
      if (name.endsWith(weightIh(0))) {
        found.add(name.substring(0, name.length() - weightIh(0).length()));
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(
          source
              + " holds no 'weight_ih_l0': not an nn.LSTM state dict (entries: "
              + String.join(", ", dict.keySet())
              + ")");
    }
    if (found.size() > 1) {
      throw new IllegalArgumentException(
          source + " holds several LSTMs (prefixes " + found + "); import one at a time");
    }
    return found.get(0);
  }

  private static boolean isModelWeight(String local) {
    return local.matches("(weight_(ih|hh|hr|ci|cf|co|t)|bias_(ih|hh|t))_l\\d+")
        || local.matches("(weight_(ih|hh|ci|cf|co)|bias_(ih|hh))_l0_reverse")
        || local.equals(WindowStacks.ATTENTION_WEIGHT)
        || local.equals(WindowStacks.ATTENTION_BIAS)
        || local.equals(HEAD_WEIGHT)
        || local.equals(HEAD_BIAS)
        || local.equals(AR_WEIGHT)
        || local.equals(AR_BIAS);
  }

  private static int countLayers(Map<String, Tensor> weights, String source) {
    int layers = 0;
    while (weights.containsKey(weightIh(layers))) {
      layers++;
    }
    for (String name : weights.keySet()) {
      if (name.matches(".*_l\\d+")) {
        int k = Integer.parseInt(name.substring(name.lastIndexOf("_l") + 2));
        if (k >= layers) {
          throw new IllegalArgumentException(
              source
                  + ": '"
                  + name
                  + "' names layer "
                  + k
                  + " but weight_ih_l"
                  + k
                  + " is missing");
        }
      }
    }
    return layers;
  }
}
