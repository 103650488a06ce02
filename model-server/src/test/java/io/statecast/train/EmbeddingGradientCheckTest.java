package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.cell.djl.DjlStack;
import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.EmbeddingSource;
import io.statecast.model.EmbeddingSpec;
import io.statecast.model.FeatureSpec;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training learns the embedding tables: autograd through the lookup ({@link EmbeddedInputs}), the
 * unrolled stack (with and without dropout, whose masks repeat for the same seed) and the loss
 * agrees with central finite differences, for every entry of the tables and a sample of the cell's
 * weights. Rows whose category no step reads get a zero gradient.
 */
class EmbeddingGradientCheckTest {

  private static final double TOLERANCE = 1e-3;
  private static final int T = 5;
  private static final int B = 3;

  @ParameterizedTest
  @CsvSource({"PLAIN, 1, 0.0", "RESIDUAL, 2, 0.0", "PLAIN, 1, 0.3", "HIGHWAY, 2, 0.5"})
  void autogradReachesTheTablesAsFiniteDifferencesSay(
      Connection connection, int layers, double dropout) {
    DjlRuntime.engine();
    ModelSpec spec =
        new ModelSpec(
            null,
            "grad",
            1,
            null,
            new InputSpec(
                List.of(FeatureSpec.raw(0), FeatureSpec.raw(1)),
                null,
                List.of(
                    new EmbeddingSpec("key", EmbeddingSource.KEY, 0, List.of("a", "b", "c"), 2),
                    new EmbeddingSpec("line", EmbeddingSource.COLUMN, 0, List.of("1"), 3))),
            new CellSpec(CellVariant.FUSED, 4, 0, GateSpec.STANDARD),
            new StackSpec(layers, connection),
            new HeadSpec(2, 2, 0));
    ModelWeights w = RandomWeights.of(spec, 11, 1.0);
    Random r = new Random(5);
    float[] x = new float[T * B * 4]; // (T, B, F + M): two numeric features, two codes
    float[] y = new float[T * B * 2]; // (T, B, h)
    for (int i = 0; i < T * B; i++) {
      x[4 * i] = (float) r.nextGaussian();
      x[4 * i + 1] = (float) r.nextGaussian();
      x[4 * i + 2] = i % B == 2 ? 3 : i % B; // keys a, b and the unknown row; c is never read
      x[4 * i + 3] = r.nextInt(2); // "1" or unknown
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) r.nextGaussian();
    }
    Map<String, float[]> grads = autograd(w, x, y, dropout);
    float[] key = grads.get("embedding_key");
    assertThat(new float[] {key[4], key[5]}).containsExactly(0f, 0f); // row 2, "c": never read
    double largest = 0;
    for (String name : List.of("embedding_key", "embedding_line")) {
      float[] g = grads.get(name);
      for (int i = 0; i < g.length; i++) {
        double fd = finiteDifference(w, name, i, x, y, dropout);
        largest = Math.max(largest, Math.abs(fd - g[i]));
      }
    }
    for (String name : List.of("weight_ih_l0", "weight_hh_l" + (layers - 1), "head.weight")) {
      float[] g = grads.get(name);
      for (int i = 0; i < g.length; i += Math.max(1, g.length / 5)) {
        largest = Math.max(largest, Math.abs(finiteDifference(w, name, i, x, y, dropout) - g[i]));
      }
    }
    System.out.printf(
        "%s L=%d dropout %.1f: largest |autograd − finite difference| %.2e (tolerance %.0e)%n",
        connection, layers, dropout, largest, TOLERANCE);
    assertThat(largest).isLessThan(TOLERANCE);
    assertThat(grads.get("embedding_key")[0]).isNotZero();
  }

  private static Map<String, float[]> autograd(
      ModelWeights w, float[] x, float[] y, double dropout) {
    try (NDManager m = NDManager.newBaseManager();
        TrainableModel model = new TrainableModel(w, m);
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray l = loss(model, m, TrainableModel.Weights.TRAIN, x, y, dropout);
      gc.backward(l);
      Map<String, float[]> out = new LinkedHashMap<>();
      model.parameters().forEach((n, p) -> out.put(n, p.getGradient().toFloatArray()));
      return out;
    }
  }

  private static double finiteDifference(
      ModelWeights w, String name, int i, float[] x, float[] y, double dropout) {
    double eps = 1e-2;
    return (value(shifted(w, name, i, eps), x, y, dropout)
            - value(shifted(w, name, i, -eps), x, y, dropout))
        / (2 * eps);
  }

  private static double value(ModelWeights w, float[] x, float[] y, double dropout) {
    try (NDManager m = NDManager.newBaseManager();
        TrainableModel model = new TrainableModel(w, m)) {
      return loss(model, m, TrainableModel.Weights.CURRENT, x, y, dropout).getFloat();
    }
  }

  private static NDArray loss(
      TrainableModel model,
      NDManager m,
      TrainableModel.Weights which,
      float[] x,
      float[] y,
      double dropout) {
    ModelSpec spec = model.spec();
    DjlStack stack = model.stack(m, spec, which);
    if (dropout > 0) {
      stack = stack.withDropout(new Dropout(dropout, 9)); // the same masks on every pass
    }
    NDArray in = model.inputs(m.create(x, new Shape(T, B, 4)), m, which); // (T, B, I)
    assertThat(in.getShape()).isEqualTo(new Shape(T, B, spec.inputSize()));
    Unroll.Output o = Unroll.run(stack, in, Unroll.State.zeros(m, spec, B), null, null);
    NDArray target = m.create(y, new Shape(T, B, 2));
    NDArray mask = m.ones(new Shape(T, B, 2));
    return Losses.loss(LossKind.MSE, List.of(), o.forecasts(), target, mask, T * B * 2);
  }

  private static ModelWeights shifted(ModelWeights w, String name, int i, double eps) {
    Map<String, Tensor> t = new LinkedHashMap<>(w.tensors());
    double[] d = t.get(name).data().clone();
    d[i] += eps;
    t.put(name, new Tensor(Tensor.DType.FLOAT32, t.get(name).shape(), d));
    return ModelWeights.bind(w.spec(), t, "shifted");
  }
}
