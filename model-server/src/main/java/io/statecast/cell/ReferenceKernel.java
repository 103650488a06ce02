package io.statecast.cell;

import io.statecast.cell.reference.ReferenceModel;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;

/**
 * The reference model behind the float {@link StepKernel} interface: each row is widened to double,
 * stepped alone by {@link ReferenceModel}, and rounded back. Slow by design; it makes the reference
 * available wherever a kernel is expected (operator tests, benchmarks).
 */
public final class ReferenceKernel implements StepKernel {

  private final ReferenceModel model;
  private final int inputs;
  private final int stateSize;

  public ReferenceKernel(ModelWeights weights) {
    this.model = new ReferenceModel(weights);
    this.inputs = weights.spec().inputSize();
    this.stateSize = weights.spec().stateLayout().size();
  }

  @Override
  public ModelSpec spec() {
    return model.spec();
  }

  @Override
  public void step(int batch, float[] x, float[] state, float[] output, float[] forecast) {
    double[] row = new double[inputs];
    double[] s = new double[stateSize];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < inputs; j++) {
        row[j] = x[b * inputs + j];
      }
      for (int j = 0; j < stateSize; j++) {
        s[j] = state[b * stateSize + j];
      }
      ReferenceModel.Step out = model.step(row, s);
      for (int j = 0; j < stateSize; j++) {
        state[b * stateSize + j] = (float) s[j];
      }
      copy(out.output(), output, b);
      copy(out.forecast(), forecast, b);
    }
  }

  private static void copy(double[] from, float[] to, int row) {
    if (to == null) {
      return;
    }
    for (int j = 0; j < from.length; j++) {
      to[row * from.length + j] = (float) from[j];
    }
  }

  @Override
  public void close() {}
}
