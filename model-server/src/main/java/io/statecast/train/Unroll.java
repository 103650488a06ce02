package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.djl.DjlStack;
import io.statecast.model.ModelSpec;

/**
 * Runs a {@link DjlStack} over a time-major sequence, one step per event as serving does, keeping
 * every step in one autograd graph: the network "over the whole sequence at once".
 *
 * <pre>
 * x (T, B, I)  →  forecasts (T, B, h),  final state
 * for t = 0 … T−1:  f_t, state ← stack.step(x_t, state);  state ← state ⊙ keep_t (optional reset)
 * </pre>
 */
final class Unroll {

  private Unroll() {}

  /**
   * The recurrent state of a batch.
   *
   * @param h each layer's {@code (B, R)}
   * @param c each layer's {@code (B, H)}
   * @param window the autoregressive window {@code (B, k)}, or null
   * @param span a window stack's span {@code (B, 1 + W·(I + H))}, or null
   */
  record State(NDList h, NDList c, NDArray window, NDArray span) {

    /** The zero state of {@code batch} new keys. */
    static State zeros(NDManager m, ModelSpec spec, int batch) {
      NDList h = new NDList();
      NDList c = new NDList();
      for (int k = 0; k < spec.layers(); k++) {
        h.add(m.zeros(new Shape(batch, spec.outputSize())));
        c.add(m.zeros(new Shape(batch, spec.cell().hidden())));
      }
      int w = spec.head().autoregressive();
      int span = spec.stateLayout().spanSize();
      return new State(
          h,
          c,
          w == 0 ? null : m.zeros(new Shape(batch, w)),
          span == 0 ? null : m.zeros(new Shape(batch, span)));
    }

    /** The same values cut from the graph and owned by {@code into} (TBPTT's truncation). */
    State detach(NDManager into) {
      NDList dh = new NDList();
      NDList dc = new NDList();
      for (int k = 0; k < h.size(); k++) {
        dh.add(own(h.get(k).stopGradient(), into));
        dc.add(own(c.get(k).stopGradient(), into));
      }
      return new State(
          dh,
          dc,
          window == null ? null : own(window.stopGradient(), into),
          span == null ? null : own(span.stopGradient(), into));
    }

    /** Rows where {@code keep (B, 1)} is 0 are reset to the zero state. */
    State masked(NDArray keep) {
      NDList mh = new NDList();
      NDList mc = new NDList();
      for (int k = 0; k < h.size(); k++) {
        mh.add(h.get(k).mul(keep));
        mc.add(c.get(k).mul(keep));
      }
      return new State(
          mh, mc, window == null ? null : window.mul(keep), span == null ? null : span.mul(keep));
    }

    private static NDArray own(NDArray a, NDManager m) {
      a.attach(m);
      return a;
    }
  }

  /** Logistic noise for Gumbel gates, per layer {@code (B, 2H)}; null for deterministic gates. */
  interface Noise {
    NDList next(NDManager scope, int batch);
  }

  /**
   * What an unroll produced.
   *
   * @param forecasts {@code (T, B, h)}
   * @param state the state after the last step
   */
  record Output(NDArray forecasts, State state) {}

  /**
   * Steps {@code x (T, B, I)} from {@code state}.
   *
   * @param keep {@code (T, B, 1)} reset mask applied after each step (0 resets the row to the zero
   *     state), or null
   * @param noise Gumbel noise, or null
   */
  static Output run(DjlStack stack, NDArray x, State state, NDArray keep, Noise noise) {
    int steps = (int) x.getShape().get(0);
    int batch = (int) x.getShape().get(1);
    NDList xs = x.reshape(steps * (long) batch, -1).split(steps, 0); // T × (B, I), one call
    NDList forecasts = new NDList(steps);
    State s = state;
    for (int t = 0; t < steps; t++) {
      NDList n = noise == null ? null : noise.next(x.getManager(), batch);
      DjlStack.Step out =
          stack.step(xs.get(t), s.h(), s.c(), s.window(), s.span(), n); // x_t (B, I)
      forecasts.add(out.forecast()); // (B, h)
      s = new State(out.hidden(), out.cells(), out.window(), out.span());
      if (keep != null) {
        s = s.masked(keep.get(t));
      }
    }
    return new Output(NDArrays.stack(forecasts, 0), s); // (T, B, h)
  }
}
