package io.statecast.cell.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.GateSpec;

/**
 * One batched LSTM layer step in DJL operations, shared by serving and training (no in-place
 * operation, so autograd can record it): what is trained is exactly what is served.
 *
 * <pre>
 * z = [u, h] · [W_ih | W_hh]ᵀ + b                (B, 4H): one fused product for the four gates
 * i = gate(z_i + p_i ⊙ c)   f = gate(z_f + p_f ⊙ c)   g = tanh(z_g)
 * c' = f ⊙ c + i ⊙ g
 * o = σ(z_o + p_o ⊙ c')
 * h' = o ⊙ tanh(c')   then   h' = h' · W_hrᵀ (LSTMP)
 * </pre>
 *
 * with the gate of {@link io.statecast.model.GateMode}. Every result is produced by an operation
 * whose receiver is an activation, never a parameter, so temporaries belong to the caller's
 * (step-scoped) manager and are freed with it.
 */
final class DjlCell {

  private DjlCell() {}

  /**
   * Steps one layer.
   *
   * @param u layer input {@code (B, in)}
   * @param h previous output {@code (B, R)}
   * @param c previous cell {@code (B, H)}
   * @param noise logistic noise {@code (B, 2H)} {@code [ε_i | ε_f]} for Gumbel gates, else null
   * @return {@code [h' (B, R), c' (B, H), i (B, H), f (B, H)]}
   */
  static NDList step(
      CellSpec cell, DjlLayerParams p, NDArray u, NDArray h, NDArray c, NDArray noise) {
    int hidden = cell.hidden();
    NDArray z = Linear.linear(u.concat(h, 1), p.weight(), p.bias()).singletonOrThrow(); // (B, 4H)
    NDList parts = z.split(4, 1); // 4 × (B, H)
    NDArray zi = parts.get(0);
    NDArray zf = parts.get(1);
    NDArray zo = parts.get(3);
    boolean peephole = cell.variant() == CellVariant.PEEPHOLE;
    if (peephole) {
      zi = zi.add(c.mul(p.peepholeInput()));
      zf = zf.add(c.mul(p.peepholeForget()));
    }
    NDArray ni = null;
    NDArray nf = null;
    if (noise != null) {
      NDList n = noise.split(2, 1);
      ni = n.get(0);
      nf = n.get(1);
    }
    NDArray i = gate(cell.gates(), zi, ni);
    NDArray f = gate(cell.gates(), zf, nf);
    NDArray g = parts.get(2).tanh();
    NDArray cNew = f.mul(c).add(i.mul(g)); // (B, H)
    if (peephole) {
      zo = zo.add(cNew.mul(p.peepholeOutput()));
    }
    NDArray hNew = Activation.sigmoid(zo).mul(cNew.tanh()); // (B, H)
    if (p.projection() != null) {
      hNew = Linear.linear(hNew, p.projection()).singletonOrThrow(); // (B, R)
    }
    assert cNew.getShape().get(1) == hidden;
    return new NDList(hNew, cNew, i, f);
  }

  private static NDArray gate(GateSpec spec, NDArray z, NDArray noise) {
    return switch (spec.mode()) {
      case HARD -> z.gt(0).toType(DataType.FLOAT32, false);
      case SIGMOID -> Activation.sigmoid(scaled(z, spec.temperature()));
      case GUMBEL ->
          Activation.sigmoid(scaled(noise == null ? z : z.add(noise), spec.temperature()));
    };
  }

  /**
   * {@code z / τ}. The divisor is an array owned by {@code z}'s manager rather than {@code
   * z.div(Number)}, whose scalar DJL frees as soon as the division returns although autograd keeps
   * it for the backward pass.
   */
  private static NDArray scaled(NDArray z, double temperature) {
    return temperature == 1.0 ? z : z.div(z.getManager().create((float) temperature));
  }
}
