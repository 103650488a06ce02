package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the layers of a deep stack are connected. Layer 0 always reads the model input {@code x}; the
 * modes differ in what layer {@code k ≥ 1} reads ({@code u_k}) and what it passes on ({@code y_k});
 * {@code h_k} is the layer's own (possibly projected) output.
 *
 * <ul>
 *   <li>{@link #PLAIN}: {@code u_k = y_{k-1}}, {@code y_k = h_k}.
 *   <li>{@link #RESIDUAL} (GNMT, Wu et al. 2016): {@code u_k = y_{k-1}}, {@code y_k = h_k + u_k}.
 *   <li>{@link #DENSE} skip (each layer sees the sum of the outputs of all earlier layers, as in
 *       "Skip Deep LSTM" and GNMT's dense variant): {@code u_k = Σ_{j<k} h_j}, {@code y_k = h_k}.
 *       Because residual sums telescope ({@code y_k = Σ_{j≤k} h_j}), the two modes feed the layers
 *       the same inputs; they differ in what the head sees: the residual stack passes on {@code Σ_j
 *       h_j}, the dense stack its top layer's {@code h_{L-1}} alone. {@link StackSpec#feeds} may
 *       choose the earlier layers instead: {@code u_k = Σ_{j ∈ F_k} h_j}.
 *   <li>{@link #HIGHWAY} (Srivastava et al. 2015, applied between LSTM layers as in Zhang et al.
 *       2016): a learned carry gate {@code t_k = σ(W_t u_k + b_t)}, {@code y_k = t_k ⊙ h_k + (1 −
 *       t_k) ⊙ u_k}, {@code u_k = y_{k-1}}.
 *   <li>{@link #GRID} (2-D Grid LSTM, Kalchbrenner, Danihelka and Graves 2015): every layer is a
 *       block with two LSTM cells, one along time (its memory kept per key, as in the other modes)
 *       and one along depth (its memory passed up the stack within the step), both gated by {@code
 *       [u_k; h^t_k(t-1)]}; {@code u_0 = x}, {@code u_k = y_{k-1} = h^d_{k-1}}. See {@link
 *       io.statecast.cell.reference.ReferenceGrid}.
 * </ul>
 */
public enum Connection {
  @JsonProperty("plain")
  PLAIN,
  @JsonProperty("residual")
  RESIDUAL,
  @JsonProperty("dense")
  DENSE,
  @JsonProperty("highway")
  HIGHWAY,
  @JsonProperty("grid")
  GRID
}
