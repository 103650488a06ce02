package io.statecast.model;

import static io.statecast.model.WeightNames.*;

import io.statecast.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec with weights that are known to fit it: every weight {@link WeightNames#expected} lists is
 * present with its exact shape and finite values, and nothing else is. Build one with {@link
 * #bind}; engines and the reference implementation take nothing less.
 */
public final class ModelWeights {

  private final ModelSpec spec;
  private final Map<String, Tensor> tensors;

  private ModelWeights(ModelSpec spec, Map<String, Tensor> tensors) {
    this.spec = spec;
    this.tensors = tensors;
  }

  /**
   * Checks {@code tensors} against {@code spec}.
   *
   * @param context what the tensors are (a file name), for the message
   * @throws SpecMismatchException listing every missing, misshapen, non-finite or unexpected weight
   */
  public static ModelWeights bind(ModelSpec spec, Map<String, Tensor> tensors, String context) {
    Map<String, int[]> expected = expected(spec);
    List<String> problems = new ArrayList<>();
    Map<String, Tensor> kept = new LinkedHashMap<>();
    expected.forEach(
        (name, shape) -> {
          Tensor t = tensors.get(name);
          if (t == null) {
            problems.add("missing weight '" + name + "' " + shapeText(shape) + why(spec, name));
          } else if (!Arrays.equals(t.shape(), shape)) {
            problems.add(
                "weight '"
                    + name
                    + "' has shape "
                    + t.shapeString()
                    + " but the spec needs "
                    + shapeText(shape)
                    + why(spec, name));
          } else if (!t.dtype().isFloating()) {
            problems.add("weight '" + name + "' is " + t.dtype() + ", not floating point");
          } else {
            firstNonFinite(t)
                .ifPresent(i -> problems.add("weight '" + name + "' is not finite at index " + i));
            kept.put(name, t);
          }
        });
    for (String name : tensors.keySet()) {
      if (!expected.containsKey(name)) {
        problems.add("unexpected weight '" + name + "' (the spec has no place for it)");
      }
    }
    if (!problems.isEmpty()) {
      throw new SpecMismatchException(
          context + " does not fit model '" + spec.id() + "'", problems);
    }
    return new ModelWeights(spec, Collections.unmodifiableMap(kept));
  }

  public ModelSpec spec() {
    return spec;
  }

  /** All weights by name, in canonical order. */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /**
   * Layer {@code k}'s weights. Of a low-rank cell, {@code weightIh} and {@code weightHh} are the
   * products of their factors (computed in double precision on each call), for the code that steps
   * or reads the dense form; {@link #lowRank} gives the factors.
   */
  public LayerWeights layer(int k) {
    return new LayerWeights(
        gateWeight(weightIh(k)),
        gateWeight(weightHh(k)),
        tensors.get(biasIh(k)),
        tensors.get(biasHh(k)),
        tensors.get(weightHr(k)),
        tensors.get(peepholeInput(k)),
        tensors.get(peepholeForget(k)),
        tensors.get(peepholeOutput(k)),
        tensors.get(highwayWeight(k)),
        tensors.get(highwayBias(k)));
  }

  /** Layer {@code k}'s factors, or null when the cell is not low-rank. */
  public LowRankWeights lowRank(int k) {
    if (spec.cell().rank() == 0) {
      return null;
    }
    return new LowRankWeights(
        tensors.get(left(weightIh(k))),
        tensors.get(right(weightIh(k))),
        tensors.get(left(weightHh(k))),
        tensors.get(right(weightHh(k))));
  }

  /** A gate weight, or the product of its factors where it is stored factored. */
  private Tensor gateWeight(String name) {
    Tensor t = tensors.get(name);
    return t != null
        ? t
        : LowRankWeights.product(tensors.get(left(name)), tensors.get(right(name)));
  }

  /** The table {@code (V + 1, dim)} of the input embedding {@code name}, or null without one. */
  public Tensor embedding(String name) {
    return tensors.get(WeightNames.embedding(name));
  }

  /** The head's weights, or null when the model has no head. */
  public HeadWeights head() {
    if (!spec.head().present()) {
      return null;
    }
    return new HeadWeights(
        tensors.get(HEAD_WEIGHT),
        tensors.get(HEAD_BIAS),
        tensors.get(AR_WEIGHT),
        tensors.get(AR_BIAS));
  }

  /** The same weights under a spec with the same weight shapes (e.g. other gates or version). */
  public ModelWeights withSpec(ModelSpec other) {
    return bind(other, tensors, "weights of model '" + spec.id() + "'");
  }

  private static java.util.OptionalInt firstNonFinite(Tensor t) {
    double[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      if (!Double.isFinite(d[i])) {
        return java.util.OptionalInt.of(i);
      }
    }
    return java.util.OptionalInt.empty();
  }

  private static String shapeText(int[] shape) {
    return Tensor.shapeString(shape);
  }

  private static String why(ModelSpec spec, String name) {
    CellSpec c = spec.cell();
    String sizes =
        "I="
            + spec.inputSize()
            + ", H="
            + c.hidden()
            + (c.projected() ? ", R=" + c.projection() : "")
            + (c.rank() > 0 ? ", K=" + c.rank() : "")
            + ", L="
            + spec.layers();
    if (name.startsWith("embedding_")) {
      return " (the vocabulary of "
          + name.substring("embedding_".length())
          + " plus the unknown row, by its dim)";
    }
    if (name.startsWith("head") || name.startsWith("ar")) {
      sizes += ", horizon=" + spec.head().horizon() + ", ar=" + spec.head().autoregressive();
    }
    return " (" + sizes + ")";
  }
}
