package io.statecast.cell.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import io.statecast.model.ModelSpec;
import io.statecast.model.StateLayout;

/**
 * The stack stepped on packed states: a {@code (B, S)} array of {@link StateLayout} rows is sliced
 * into every layer's {@code h} and {@code c} (and the autoregressive window), stepped by {@link
 * DjlStack}, and packed back into one {@code (B, S)} array. Shared by {@link DjlStepKernel}, whose
 * states come from the host on every step, and {@link DjlResidentKernel}, whose states are gathered
 * from a table on the device.
 *
 * <pre>
 * S (B, S) = [h_0 | c_0 | … | h_{L-1} | c_{L-1} | window | span]  ──▶  stack  ──▶  S', F (B, horizon)
 * </pre>
 *
 * Every array it makes belongs to the managers of its arguments: call it inside a step-scoped
 * sub-manager.
 */
final class DjlPackedStep {

  /**
   * One step's results.
   *
   * @param states the new packed states {@code (B, S)}
   * @param output the top layer's output {@code (B, R)}
   * @param forecast the head's forecast {@code (B, horizon)}, or null without a head
   */
  record Out(NDArray states, NDArray output, NDArray forecast) {}

  private final ModelSpec spec;
  private final StateLayout layout;
  private final DjlStack stack;

  DjlPackedStep(ModelSpec spec, DjlStack stack) {
    this.spec = spec;
    this.layout = spec.stateLayout();
    this.stack = stack;
  }

  /**
   * Steps a batch once.
   *
   * @param xs scaled inputs {@code (B, I)}
   * @param st packed states {@code (B, S)}
   */
  Out step(NDArray xs, NDArray st) {
    int layers = spec.layers();
    NDList h = new NDList(layers);
    NDList c = new NDList(layers);
    for (int k = 0; k < layers; k++) {
      h.add(columns(st, layout.hOffset(k), spec.outputSize())); // (B, R)
      c.add(columns(st, layout.cOffset(k), spec.cell().hidden())); // (B, H)
    }
    NDArray window =
        layout.window() == 0 ? null : columns(st, layout.windowOffset(), layout.window());
    NDArray span = layout.span() == 0 ? null : columns(st, layout.spanOffset(), layout.spanSize());
    DjlStack.Step out = stack.step(xs, h, c, window, span, null);
    NDList packed = new NDList(2 * layers + 2);
    for (int k = 0; k < layers; k++) {
      packed.add(out.hidden().get(k));
      packed.add(out.cells().get(k));
    }
    if (out.window() != null) {
      packed.add(out.window());
    }
    if (out.span() != null) {
      packed.add(out.span());
    }
    return new Out(NDArrays.concat(packed, 1), out.output(), out.forecast()); // (B, S)
  }

  private static NDArray columns(NDArray a, int from, int width) {
    return a.get(new NDIndex(":, {}:{}", from, from + width));
  }
}
