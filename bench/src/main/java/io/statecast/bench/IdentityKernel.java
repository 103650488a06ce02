package io.statecast.bench;

import io.statecast.cell.KernelFactory;
import io.statecast.cell.StepKernel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import java.util.Arrays;

/**
 * A kernel that computes nothing: it copies each row's inputs into its forecast (input {@code j mod
 * I} into horizon step {@code j}) and into its output, and leaves the state as it is. It is the
 * "model replaced by an identity" of the end-to-end benchmark: the same job, decoding, keying,
 * state access, batching and sinks, without the LSTM's arithmetic, so the ratio of the two shows
 * what the model costs in the pipeline.
 */
public final class IdentityKernel implements StepKernel {

  /** Makes identity kernels: the engine of the pipeline without a model. */
  public static final KernelFactory FACTORY = IdentityKernel::new;

  private final ModelSpec spec;

  public IdentityKernel(ModelWeights weights) {
    this.spec = weights.spec();
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public void step(int batch, float[] x, float[] state, float[] output, float[] forecast) {
    int in = spec.inputSize();
    int horizon = spec.head().horizon();
    int r = spec.outputSize();
    for (int b = 0; b < batch; b++) {
      if (forecast != null) {
        for (int j = 0; j < horizon; j++) {
          forecast[b * horizon + j] = in == 0 ? 0f : x[b * in + j % in];
        }
      }
      if (output != null) {
        int n = Math.min(in, r);
        System.arraycopy(x, b * in, output, b * r, n);
        Arrays.fill(output, b * r + n, (b + 1) * r, 0f);
      }
    }
  }

  @Override
  public void close() {
    // nothing to release
  }
}
