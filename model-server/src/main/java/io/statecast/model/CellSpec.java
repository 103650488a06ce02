package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One LSTM layer's cell: its variant, sizes and gates.
 *
 * @param variant fused or peephole
 * @param hidden the cell size {@code H} (and of the gates: the fused product is {@code 4H} wide)
 * @param projection {@code R} of an LSTMP layer (Sak et al. 2014): {@code h_t = W_hr (o ⊙
 *     tanh(c_t))} has size {@code R < H}; 0 for no projection, in which case {@code R = H}
 * @param gates the input/forget gate nonlinearity
 * @param compression how the trained cell was compressed (its {@code rank} stores {@code weight_ih}
 *     / {@code weight_hh} as low-rank factors), or null for an uncompressed cell
 */
public record CellSpec(
    CellVariant variant,
    int hidden,
    int projection,
    GateSpec gates,
    @JsonInclude(JsonInclude.Include.NON_NULL) CompressionSpec compression) {

  /** An uncompressed cell. */
  public CellSpec(CellVariant variant, int hidden, int projection, GateSpec gates) {
    this(variant, hidden, projection, gates, null);
  }

  public CellSpec {
    if (variant == null) {
      variant = CellVariant.FUSED;
    }
    if (gates == null) {
      gates = GateSpec.STANDARD;
    }
    if (hidden <= 0) {
      throw new IllegalArgumentException("cell.hidden must be positive, got " + hidden);
    }
    if (projection < 0 || projection >= hidden) {
      throw new IllegalArgumentException(
          "cell.projection must be 0 (none) or between 1 and hidden - 1 = "
              + (hidden - 1)
              + ", got "
              + projection);
    }
    int out = projection > 0 ? projection : hidden;
    if (compression != null && compression.rank() > out) {
      throw new IllegalArgumentException(
          "cell.compression.rank must be at most the layer output size "
              + out
              + " (weight_hh has that many columns), got "
              + compression.rank());
    }
  }

  /** A fused cell of the given size with standard gates and no projection. */
  public static CellSpec fused(int hidden) {
    return new CellSpec(CellVariant.FUSED, hidden, 0, GateSpec.STANDARD);
  }

  /** Size {@code R} of the layer's output and recurrent state {@code h}. */
  public int outputSize() {
    return projection > 0 ? projection : hidden;
  }

  /** Whether the layer has an LSTMP projection. */
  public boolean projected() {
    return projection > 0;
  }

  public CellSpec withGates(GateSpec newGates) {
    return new CellSpec(variant, hidden, projection, newGates, compression);
  }

  /** The same cell, compressed as {@code newCompression} says (null: uncompressed). */
  public CellSpec withCompression(CompressionSpec newCompression) {
    return new CellSpec(variant, hidden, projection, gates, newCompression);
  }

  /**
   * The rank {@code K} of the factored weights, 0 when they are dense. A weight of {@code c ≥ K}
   * columns is factored (see {@link WeightNames}).
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public int rank() {
    return compression == null ? 0 : compression.rank();
  }

  /** Whether a {@code weight_ih} / {@code weight_hh} of {@code columns} columns is factored. */
  public boolean factors(int columns) {
    return rank() > 0 && rank() <= columns;
  }
}
