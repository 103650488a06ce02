package io.statecast.bench;

import io.statecast.model.Connection;
import io.statecast.model.ModelSpec;

/**
 * The floating-point operations of one step of one key, counted in the matrix products only (two
 * per multiply-add); the cell's element-wise work, a few FLOPs per unit, is left out. For layer
 * {@code k} with input {@code in_k}, output {@code R}, hidden {@code H}:
 *
 * <pre>
 * gates       2 · (in_k + R) · 4H
 *             a factored weight of c columns (rank K): 2 · (K · c + 4H · K) instead of 2 · c · 4H
 * projection  2 · H · R                 (LSTMP)
 * highway     2 · R · R                 (k ≥ 1, highway connections)
 * depth cell  2 · (in_k + R) · 4H       (grid: each block's second cell, gated like the first)
 * window      W · 2 · (I + H) · 4H + 8 · W · H   (stack.window: W backward steps of layer 0, the
 *                                      attention's scores and pooling over [h^f; h^b])
 * head        2 · (R + window) · outputs   (outputs = Q · horizon: Q quantile levels, 1 for a point
 *                                         head)
 * </pre>
 *
 * For the standard model (16 inputs, hidden 128, 2 layers, horizon 8): 147,456 + 262,144 + 2,048 =
 * 411,648 FLOPs, the "about 410 kFLOP".
 */
public final class StepFlops {

  private StepFlops() {}

  /** FLOPs of the products of one step of one key of {@code spec}. */
  public static long perEvent(ModelSpec spec) {
    long r = spec.outputSize();
    long h = spec.cell().hidden();
    long flops = 0;
    int cells = spec.stack().connection() == Connection.GRID ? 2 : 1;
    for (int k = 0; k < spec.layers(); k++) {
      flops += cells * (gates(spec, spec.layerInputSize(k)) + gates(spec, (int) r));
      if (spec.cell().projected()) {
        flops += 2 * h * r;
      }
      if (k > 0 && spec.stack().connection() == Connection.HIGHWAY) {
        flops += 2 * r * r;
      }
    }
    long w = spec.stack().windowSize();
    if (w > 0) {
      flops += w * (gates(spec, spec.inputSize()) + gates(spec, (int) h)) + 8 * w * h;
    }
    if (spec.head().present()) {
      flops += 2 * (r + spec.stateLayout().window()) * spec.head().outputs();
    }
    return flops;
  }

  /** FLOPs of one gate weight of {@code cols} columns: dense, or its two low-rank factors. */
  private static long gates(ModelSpec spec, int cols) {
    long h4 = 4L * spec.cell().hidden();
    long k = spec.cell().rank();
    return spec.cell().factors(cols) ? 2 * (k * cols + h4 * k) : 2 * cols * h4;
  }
}
