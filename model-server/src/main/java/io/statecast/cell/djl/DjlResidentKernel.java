package io.statecast.cell.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.ResidentKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * A {@link ResidentKernel} on DJL: the states live in one {@code (capacity, S)} float32 array on
 * the kernel's device, next to the weights. A step sends the slot indices and the inputs, gathers
 * the rows with an advanced index ({@code T[slots]}, PyTorch's {@code index}), steps them with
 * {@link DjlPackedStep}, scatters them back in place ({@code T[slots] = S'}, PyTorch's {@code
 * index_put_}) and brings back only the forecasts:
 *
 * <pre>
 * host → device   slots (n) int64, x (n, I)             8n + 4nI bytes
 * device          S = T[slots] (n, S); S', F = stack(x, S); T[slots] = S'
 * device → host   F (n, horizon)                        4n·horizon bytes
 * </pre>
 *
 * For the standard model (I = 16, S = 512, horizon 8) that is 104 bytes per event each way instead
 * of the 2 KiB state twice. Every temporary lives in a sub-manager closed at the end of the call.
 */
public final class DjlResidentKernel implements ResidentKernel {

  private final ModelSpec spec;
  private final int size;
  private final int capacity;
  private final NDManager manager;
  private final DjlPackedStep packed;
  private final NDArray table; // (capacity, S) on the device
  private final long[] index;
  private final boolean[] seen;

  /**
   * A kernel with {@code capacity} slots on {@code device}, every slot a zero state.
   *
   * @throws IllegalArgumentException when {@code capacity < 1}
   */
  public DjlResidentKernel(ModelWeights weights, Device device, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    DjlRuntime.engine();
    this.spec = weights.spec();
    this.size = spec.stateLayout().size();
    this.capacity = capacity;
    this.manager = NDManager.newBaseManager(device, "PyTorch");
    this.packed = new DjlPackedStep(spec, DjlStack.fromWeights(weights, manager));
    this.table = manager.zeros(new Shape(capacity, size), DataType.FLOAT32);
    this.index = new long[capacity];
    this.seen = new boolean[capacity];
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  /** The device the table, the weights and the steps live on. */
  public Device device() {
    return manager.getDevice();
  }

  @Override
  public void write(int n, int[] slots, float[] states) {
    ResidentKernel.checkSlots(n, slots, seen);
    if (n == 0) {
      return;
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray rows = scope.create(FloatBuffer.wrap(states, 0, n * size), new Shape(n, size));
      table.set(rowIndex(scope, n, slots), rows); // T[slots] = rows
    }
  }

  @Override
  public void read(int n, int[] slots, float[] states) {
    ResidentKernel.checkSlots(n, slots, seen);
    if (n == 0) {
      return;
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray rows = table.get(scope, rowIndex(scope, n, slots)); // (n, S)
      DjlStepKernel.copyOut(rows, states, n * size);
    }
  }

  @Override
  public void step(int n, int[] slots, float[] x, float[] forecast) {
    ResidentKernel.checkSlots(n, slots, seen);
    int inputs = spec.inputSize();
    try (NDManager scope = manager.newSubManager()) {
      NDIndex rows = rowIndex(scope, n, slots);
      NDArray xs = scope.create(FloatBuffer.wrap(x, 0, n * inputs), new Shape(n, inputs));
      NDArray st = table.get(scope, rows); // (n, S), gathered on the device
      DjlPackedStep.Out out = packed.step(xs, st);
      table.set(rows, out.states()); // scattered back on the device
      if (forecast != null && out.forecast() != null) {
        DjlStepKernel.copyOut(out.forecast(), forecast, n * spec.head().outputs());
      }
    }
  }

  /** The slots as an int64 index array {@code (n)} on the device. */
  private NDIndex rowIndex(NDManager scope, int n, int[] slots) {
    for (int i = 0; i < n; i++) {
      index[i] = slots[i];
    }
    return new NDIndex("{}", scope.create(LongBuffer.wrap(index, 0, n), new Shape(n)));
  }

  /** The manager that owns the table and the weights (for tests that watch native memory). */
  NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}
