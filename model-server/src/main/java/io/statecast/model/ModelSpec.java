package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;

/**
 * Everything needed to build and serve a model, as written in an artifact's {@code model.json}:
 * identity, inputs, the cell, the stack, the head. The weights live next to it (see {@link
 * ModelWeights} for their names and shapes).
 *
 * <p>Sizes: {@code I = inputs.size()}, {@code H = cell.hidden}, {@code R = cell.outputSize()},
 * {@code L = stack.layers}. Layer 0 reads {@code I} inputs, layers above it read {@code R}.
 *
 * @param format the artifact format tag, {@value #FORMAT}
 * @param id the model's identity (a name), stable across versions
 * @param version the version of this model ({@code ≥ 1})
 * @param description free text
 * @param inputs the input features
 * @param cell the cell of every layer
 * @param stack layers and their connections
 * @param head the forecast head
 */
@JsonPropertyOrder({"format", "id", "version", "description", "inputs", "cell", "stack", "head"})
public record ModelSpec(
    String format,
    String id,
    int version,
    String description,
    InputSpec inputs,
    CellSpec cell,
    StackSpec stack,
    HeadSpec head) {

  /** The only artifact format this code reads and writes. */
  public static final String FORMAT = "statecast-model/1";

  public ModelSpec {
    if (format == null) {
      format = FORMAT;
    }
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "model format '" + format + "' is not supported; this version reads " + FORMAT);
    }
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException(
          "model id must be 1-128 letters, digits, '.', '_' or '-' starting with a letter or digit,"
              + " got "
              + (id == null ? "none" : "'" + id + "'"));
    }
    if (version < 1) {
      throw new IllegalArgumentException("model version must be at least 1, got " + version);
    }
    if (description == null) {
      description = "";
    }
    if (inputs == null || cell == null || stack == null) {
      throw new IllegalArgumentException("a model spec needs inputs, cell and stack");
    }
    if (head == null) {
      head = HeadSpec.NONE;
    }
    if (stack.connection() == Connection.GRID) {
      GridStacks.requireSupported(cell);
    }
    if (stack.window() != null) {
      WindowStacks.requireSupported(cell);
    }
    if (head.autoregressive() > 0 && head.arFeature() >= inputs.size()) {
      throw new IllegalArgumentException(
          "head.arFeature "
              + head.arFeature()
              + " is not an input position (the model has "
              + inputs.size()
              + " inputs)");
    }
  }

  /** Input size {@code I}. */
  @JsonIgnore
  public int inputSize() {
    return inputs.size();
  }

  /** Size {@code R} of every layer's output. */
  @JsonIgnore
  public int outputSize() {
    return cell.outputSize();
  }

  /** Number of layers {@code L}. */
  @JsonIgnore
  public int layers() {
    return stack.layers();
  }

  /**
   * Input size of layer {@code k}: {@code I} for layer 0, {@code R} above, except layer 1 of a
   * window stack, which reads the pooled {@code [h^f; h^b]} ({@code 2H}; {@link WindowStacks}).
   */
  public int layerInputSize(int k) {
    if (k == 1 && stack.window() != null) {
      return 2 * cell.hidden();
    }
    return k == 0 ? inputSize() : outputSize();
  }

  /** Where each part of a key's state sits in its packed {@code float[]}. */
  @JsonIgnore
  public StateLayout stateLayout() {
    return new StateLayout(
        layers(),
        cell.outputSize(),
        cell.hidden(),
        head.autoregressive(),
        stack.windowSize(),
        inputSize());
  }

  /** The same model at another version. */
  public ModelSpec withVersion(int newVersion) {
    return new ModelSpec(format, id, newVersion, description, inputs, cell, stack, head);
  }

  /**
   * A valid model id made from a file name, for commands that name a model after its source: the
   * name up to its first dot, other characters than letters, digits, '.', '_' and '-' replaced by
   * '-', cut to 120 characters, and prefixed with {@code model-} unless it starts with a letter or
   * digit ({@code data/wind_daily.csv} → {@code wind_daily}).
   */
  public static String idFromFileName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    String base = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "-");
    base = base.length() > 120 ? base.substring(0, 120) : base;
    return base.isEmpty() || !Character.isLetterOrDigit(base.charAt(0)) ? "model-" + base : base;
  }

  /** The same model under another identity. */
  public ModelSpec withId(String newId) {
    return new ModelSpec(format, newId, version, description, inputs, cell, stack, head);
  }

  /** The same model with another cell (e.g. a compressed one). */
  public ModelSpec withCell(CellSpec newCell) {
    return new ModelSpec(format, id, version, description, inputs, newCell, stack, head);
  }

  /** The same model with other gates (e.g. hardened G2 gates for serving). */
  public ModelSpec withGates(GateSpec gates) {
    return new ModelSpec(
        format, id, version, description, inputs, cell.withGates(gates), stack, head);
  }
}
