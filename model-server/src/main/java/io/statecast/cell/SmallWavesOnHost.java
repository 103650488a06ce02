package io.statecast.cell;

import io.statecast.model.ModelSpec;

/**
 * Chooses the device by the size of the wave: a {@link ResidentKernel} whose steps of at least
 * {@code minDeviceBatch} rows run on the device kernel, and whose smaller steps run on a host
 * {@link StepKernel} (the fast CPU kernel) over rows read from the device and written back:
 *
 * <pre>
 * n ≥ minDeviceBatch:  device.step(n, slots, x, F)
 * n &lt; minDeviceBatch:  S = device.read(slots);  host.step(n, x, S, F);  device.write(slots, S)
 * </pre>
 *
 * A GPU step costs a fixed number of kernel launches (tens of microseconds each from the JVM)
 * whatever the batch, while the CPU kernel's cost grows with the rows, so below a crossover the
 * host is faster even after moving the rows (two copies of {@code n·S} floats). Both kernels must
 * step the same model; the host buffers are sized for {@code minDeviceBatch − 1} rows.
 */
public final class SmallWavesOnHost implements ResidentKernel {

  private final ResidentKernel device;
  private final StepKernel host;
  private final int minDeviceBatch;
  private final float[] rows; // (minDeviceBatch - 1, S)

  /**
   * @throws IllegalArgumentException when the kernels step different models, or {@code
   *     minDeviceBatch} is below 2 or above the device's capacity + 1
   */
  public SmallWavesOnHost(ResidentKernel device, StepKernel host, int minDeviceBatch) {
    ModelSpec a = device.spec();
    ModelSpec b = host.spec();
    if (!a.id().equals(b.id())
        || a.version() != b.version()
        || !a.stateLayout().equals(b.stateLayout())) {
      throw new IllegalArgumentException(
          "the device and host kernels step different models: "
              + a.id()
              + " v"
              + a.version()
              + " and "
              + b.id()
              + " v"
              + b.version());
    }
    if (minDeviceBatch < 2 || minDeviceBatch > device.capacity() + 1) {
      throw new IllegalArgumentException(
          "minDeviceBatch must be between 2 and the capacity + 1 ("
              + (device.capacity() + 1)
              + "), got "
              + minDeviceBatch);
    }
    this.device = device;
    this.host = host;
    this.minDeviceBatch = minDeviceBatch;
    this.rows = new float[(minDeviceBatch - 1) * a.stateLayout().size()];
  }

  @Override
  public ModelSpec spec() {
    return device.spec();
  }

  @Override
  public int capacity() {
    return device.capacity();
  }

  /** Waves with fewer rows than this step on the host. */
  public int minDeviceBatch() {
    return minDeviceBatch;
  }

  @Override
  public void write(int n, int[] slots, float[] states) {
    device.write(n, slots, states);
  }

  @Override
  public void read(int n, int[] slots, float[] states) {
    device.read(n, slots, states);
  }

  @Override
  public void step(int n, int[] slots, float[] x, float[] forecast) {
    if (n >= minDeviceBatch) {
      device.step(n, slots, x, forecast);
      return;
    }
    device.read(n, slots, rows); // checks the slots
    host.step(n, x, rows, null, forecast);
    device.write(n, slots, rows);
  }

  @Override
  public void close() {
    try {
      device.close();
    } finally {
      host.close();
    }
  }
}
