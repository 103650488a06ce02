package io.statecast.cell.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.statecast.model.ModelSpec;

/**
 * The window of a window stack as batched DJL operations (equations in {@link
 * io.statecast.model.WindowStacks}): the span slides, the backward direction is a loop of {@code W}
 * {@link DjlCell} steps over the whole batch, and the attention is masked to each row's valid
 * positions. No in-place operation, so training records it as it is.
 *
 * <pre>
 * span (B, 1 + W·I + W·H) = [n | x_0 … x_{W−1} | h^f_0 … h^f_{W−1}]
 * Z = [h^f ; h^b]                                  (B, W, 2H)
 * e = Σ_d Z ⊙ w_a + b_a − 10⁹ · [i < W − n]        (B, W)
 * p = Σ_i softmax(e)_i Z_i                         (B, 2H)
 * </pre>
 */
final class DjlWindow {

  /** Added to the score of a masked position: its weight {@code exp(−10⁹)} is 0 in float32. */
  private static final float MASKED = -1e9f;

  private DjlWindow() {}

  /**
   * Slides the span and pools it.
   *
   * @param x the event's input {@code (B, I)}
   * @param hf layer 0's new output {@code (B, H)}
   * @param span the spans {@code (B, 1 + W·(I + H))}
   * @return {@code [span' (B, 1 + W·(I + H)), p (B, 2H)]}
   */
  static NDList pool(ModelSpec spec, DjlWindowParams p, NDArray x, NDArray hf, NDArray span) {
    long batch = x.getShape().get(0);
    int w = spec.stack().windowSize();
    int inputs = spec.inputSize();
    int hidden = spec.cell().hidden();
    NDArray n = span.get(new NDIndex(":, 0:1")).floor().add(1).clip(1, w); // (B, 1), in [1, W]
    NDArray xs = slide(span, 1, w, inputs, x, batch); // (B, W, I)
    NDArray hs = slide(span, 1 + w * inputs, w, hidden, hf, batch); // (B, W, H)
    NDArray h = x.getManager().zeros(new Shape(batch, hidden));
    NDArray c = h;
    NDArray[] hb = new NDArray[w];
    for (int i = w - 1; i >= 0; i--) {
      NDList out =
          DjlCell.step(spec.cell(), p.backward(), xs.get(new NDIndex(":, {}, :", i)), h, c, null);
      h = out.get(0);
      c = out.get(1);
      hb[i] = h;
    }
    NDArray z = hs.concat(NDArrays.stack(new NDList(hb), 1), 2); // (B, W, 2H)
    NDArray e = z.mul(p.scoreWeight()).sum(new int[] {2}).add(p.scoreBias()); // (B, W)
    float[] position = new float[w];
    for (int i = 0; i < w; i++) {
      position[i] = i;
    }
    NDArray valid =
        x.getManager()
            .create(position, new Shape(1, w))
            .gte(n.neg().add(w))
            .toType(e.getDataType(), false); // (B, W)
    NDArray a = e.add(valid.sub(1).mul(-MASKED)).softmax(1); // (B, W)
    NDArray pooled = z.mul(a.expandDims(2)).sum(new int[] {1}); // (B, 2H)
    NDArray next =
        NDArrays.concat(
            new NDList(
                n, xs.reshape(batch, (long) w * inputs), hs.reshape(batch, (long) w * hidden)),
            1);
    return new NDList(next, pooled);
  }

  /** Rows {@code 1 … W−1} of the {@code (B, W, width)} block at {@code from}, then {@code v}. */
  private static NDArray slide(NDArray span, int from, int w, int width, NDArray v, long batch) {
    NDArray old =
        span.get(new NDIndex(":, {}:{}", from + width, from + w * width)); // (B, (W−1)·width)
    return old.reshape(batch, w - 1, width).concat(v.expandDims(1), 1); // (B, W, width)
  }
}
