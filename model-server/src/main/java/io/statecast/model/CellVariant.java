package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a layer's gates are computed from the pre-activations {@code z = W_ih x + W_hh h + b}.
 *
 * <ul>
 *   <li>{@link #FUSED}: the standard LSTM (Hochreiter and Schmidhuber 1997, with a forget gate as
 *       in Gers et al. 2000), all four gates from one matrix product.
 *   <li>{@link #PEEPHOLE}: diagonal peephole weights let the gates see the cell (Gers and
 *       Schmidhuber 2000; Sak et al. 2014): {@code i} and {@code f} see {@code c_{t-1}}, {@code o}
 *       sees the new {@code c_t}.
 * </ul>
 *
 * Projection (LSTMP) and binary-valued gates are orthogonal to the variant: see {@link CellSpec}.
 */
public enum CellVariant {
  @JsonProperty("fused")
  FUSED,
  @JsonProperty("peephole")
  PEEPHOLE
}
