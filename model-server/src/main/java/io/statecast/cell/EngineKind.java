package io.statecast.cell;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which implementation steps the cells; {@link Engine} makes the kernels. */
public enum EngineKind {
  /** DJL on the PyTorch engine: one native call per operation, on CPU or GPU. */
  @JsonProperty("djl")
  DJL,
  /** The plain double-precision Java reference, rounded to float at the boundary. */
  @JsonProperty("reference")
  REFERENCE,
  /**
   * The fast float32 kernel in pure Java on the Vector API ({@link io.statecast.cell.fast}): no
   * native calls, fast from batch 1; needs the JVM option {@code --add-modules
   * jdk.incubator.vector}.
   */
  @JsonProperty("fast")
  FAST
}
