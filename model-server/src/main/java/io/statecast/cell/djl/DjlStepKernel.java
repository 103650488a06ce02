package io.statecast.cell.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.StateLayout;
import java.nio.FloatBuffer;

/**
 * A {@link StepKernel} on DJL: the batch of packed states goes to the device as one {@code (B, S)}
 * array, is stepped by {@link DjlPackedStep}, and comes back as one array (for states that stay on
 * the device, see {@link DjlResidentKernel}). Weights stay on the device; every temporary of a step
 * lives in a sub-manager closed at the end of the step, so native memory does not grow.
 */
public final class DjlStepKernel implements StepKernel {

  private final ModelSpec spec;
  private final StateLayout layout;
  private final NDManager manager;
  private final DjlPackedStep packed;

  /** A kernel on {@code device} (the CPU unless a GPU is asked for). */
  public DjlStepKernel(ModelWeights weights, Device device) {
    DjlRuntime.engine();
    this.spec = weights.spec();
    this.layout = spec.stateLayout();
    this.manager = NDManager.newBaseManager(device, "PyTorch");
    this.packed = new DjlPackedStep(spec, DjlStack.fromWeights(weights, manager));
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
      DjlPackedStep.Out out = packed.step(xs, st);
      copyOut(out.states(), state, batch * size); // (B, S)
      if (output != null) {
        copyOut(out.output(), output, batch * spec.outputSize());
      }
      if (forecast != null && out.forecast() != null) {
        copyOut(out.forecast(), forecast, batch * spec.head().outputs());
      }
    }
  }

  /** The manager that owns the weights (for tests that watch native memory). */
  NDManager manager() {
    return manager;
  }

  /** Copies the first {@code n} floats of {@code a} (on any device) into {@code to}. */
  static void copyOut(NDArray a, float[] to, int n) {
    a.toByteBuffer().asFloatBuffer().get(to, 0, n);
  }

  @Override
  public void close() {
    manager.close();
  }
}
