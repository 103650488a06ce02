package io.statecast.cell.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;
import java.nio.FloatBuffer;

/**
 * A {@link StepKernel} on DJL: the batch of packed states goes to the device as one {@code (B, S)}
 * array, is sliced into each layer's {@code h} and {@code c}, stepped by {@link DjlStack}, and
 * comes back as one array. Weights stay on the device; every temporary of a step lives in a
 * sub-manager closed at the end of the step, so native memory does not grow.
 */
public final class DjlStepKernel implements StepKernel {

  private final ModelSpec spec;
  private final StateLayout layout;
  private final NDManager manager;
  private final DjlStack stack;

  /** A kernel on {@code device} (the CPU unless a GPU is asked for). */
  public DjlStepKernel(ModelWeights weights, Device device) {
    DjlRuntime.engine();
    this.spec = weights.spec();
    this.layout = spec.stateLayout();
    this.manager = NDManager.newBaseManager(device, "PyTorch");
    this.stack = DjlStack.fromWeights(weights, manager);
  }

  /** A kernel on the CPU. */
  public DjlStepKernel(ModelWeights weights) {
    this(weights, Device.cpu());
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  /** The device the weights and the step live on. */
  public Device device() {
    return manager.getDevice();
  }

  @Override
  public void step(int batch, float[] x, float[] state, float[] output, float[] forecast) {
    int inputs = spec.inputSize();
    int size = layout.size();
    try (NDManager scope = manager.newSubManager()) {
      NDArray xs = scope.create(FloatBuffer.wrap(x, 0, batch * inputs), new Shape(batch, inputs));
      NDArray st = scope.create(FloatBuffer.wrap(state, 0, batch * size), new Shape(batch, size));
      NDList h = new NDList(spec.layers());
      NDList c = new NDList(spec.layers());
      for (int k = 0; k < spec.layers(); k++) {
        h.add(columns(st, layout.hOffset(k), spec.outputSize()));
        c.add(columns(st, layout.cOffset(k), spec.cell().hidden()));
      }
      NDArray window =
          layout.window() == 0 ? null : columns(st, layout.windowOffset(), layout.window());
      DjlStack.Step out = stack.step(xs, h, c, window, null);
      NDList packed = new NDList(2 * spec.layers() + 1);
      for (int k = 0; k < spec.layers(); k++) {
        packed.add(out.hidden().get(k));
        packed.add(out.cells().get(k));
      }
      if (out.window() != null) {
        packed.add(out.window());
      }
      copyOut(NDArrays.concat(packed, 1), state, batch * size); // (B, S)
      if (output != null) {
        copyOut(out.output(), output, batch * spec.outputSize());
      }
      if (forecast != null && out.forecast() != null) {
        copyOut(out.forecast(), forecast, batch * spec.head().horizon());
      }
    }
  }

  /** The manager that owns the weights (for tests that watch native memory). */
  NDManager manager() {
    return manager;
  }

  private static NDArray columns(NDArray a, int from, int width) {
    return a.get(new NDIndex(":, {}:{}", from, from + width));
  }

  private static void copyOut(NDArray a, float[] to, int n) {
    a.toByteBuffer().asFloatBuffer().get(to, 0, n);
  }

  @Override
  public void close() {
    manager.close();
  }
}
