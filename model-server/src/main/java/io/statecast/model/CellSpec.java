package io.statecast.model;

/**
 * One LSTM layer's cell: its variant, sizes and gates.
 *
 * @param variant fused or peephole
 * @param hidden the cell size {@code H} (and of the gates: the fused product is {@code 4H} wide)
 * @param projection {@code R} of an LSTMP layer (Sak et al. 2014): {@code h_t = W_hr (o ⊙
 *     tanh(c_t))} has size {@code R < H}; 0 for no projection, in which case {@code R = H}
 * @param gates the input/forget gate nonlinearity
 */
public record CellSpec(CellVariant variant, int hidden, int projection, GateSpec gates) {

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
    return new CellSpec(variant, hidden, projection, newGates);
  }
}
