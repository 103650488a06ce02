package io.statecast.testing;

import io.statecast.cell.ResidentKernel;
import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;

/**
 * A {@link ResidentKernel} seen as a {@link StepKernel}, so that the sequence runner and the
 * fixtures can drive it: every call writes the batch's states into slots {@code offset … offset + B
 * − 1}, steps them there and reads them back. It produces no top-layer output ({@code output} is
 * left as it is): compare states and forecasts only.
 */
public final class ResidentAsStepKernel implements StepKernel {

  private final ResidentKernel kernel;
  private final int offset;
  private int[] slots = new int[0];

  public ResidentAsStepKernel(ResidentKernel kernel, int offset) {
    this.kernel = kernel;
    this.offset = offset;
  }

  @Override
  public ModelSpec spec() {
    return kernel.spec();
  }

  @Override
  public void step(int batch, float[] x, float[] state, float[] output, float[] forecast) {
    if (slots.length < batch) {
      slots = new int[batch];
      for (int i = 0; i < batch; i++) {
        slots[i] = offset + i;
      }
    }
    kernel.write(batch, slots, state);
    kernel.step(batch, slots, x, forecast);
    kernel.read(batch, slots, state);
  }

  @Override
  public void close() {
    kernel.close();
  }
}
