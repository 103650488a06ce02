package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateMode;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Specs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gradients training follows are the gradients of its loss: autograd through the unrolled stack
 * and the masked loss agrees with central finite differences. The forward and backward passes are
 * separated by garbage collections, so a constant that autograd keeps but DJL had already freed
 * would show up as a wrong gradient. The pinball cases train a quantile head of three levels.
 */
class GradientCheckTest {

  private static final double TOLERANCE = 1e-3;
  private static final List<Double> LEVELS = List.of(0.1, 0.5, 0.9);

  @ParameterizedTest
  @CsvSource({
    "FUSED, PLAIN, 1, SIGMOID, 1.0, MAE",
    "PEEPHOLE, HIGHWAY, 2, SIGMOID, 0.5, HUBER",
    "FUSED, RESIDUAL, 2, GUMBEL, 0.7, MSE",
    "PEEPHOLE, DENSE, 2, GUMBEL, 0.5, HUBER",
    "FUSED, PLAIN, 1, SIGMOID, 1.0, PINBALL",
    "PEEPHOLE, HIGHWAY, 2, GUMBEL, 0.5, PINBALL",
    "FUSED, GRID, 2, SIGMOID, 1.0, MSE",
    "PEEPHOLE, GRID, 3, SIGMOID, 0.5, HUBER"
  })
  void autogradAgreesWithFiniteDifferences(
      CellVariant variant,
      Connection connection,
      int layers,
      GateMode gates,
      double tau,
      LossKind loss) {
    DjlRuntime.engine();
    ModelSpec spec =
        new ModelSpec(
            null,
            "grad",
            1,
            null,
            InputSpec.raw(2),
            new CellSpec(
                variant,
                4,
                layers > 1 && connection != Connection.GRID ? 3 : 0,
                new GateSpec(gates, tau)),
            new StackSpec(layers, connection),
            loss == LossKind.PINBALL
                ? new HeadSpec(2, 3, 0, LEVELS, false)
                : new HeadSpec(2, 3, 0));
    String label =
        String.format("%s %s L=%d %s τ=%.1f %s", variant, connection, layers, gates, tau, loss);
    assertThat(largestError(spec, label, loss)).isLessThan(TOLERANCE);
  }

  /**
   * 5- and 7-layer stacks: dense with every earlier layer or with chosen feeds (layer 1 reads 0,
   * the middle layers 0 and their predecessor, the top layer three layers), residual, highway.
   */
  @ParameterizedTest
  @CsvSource({
    "DENSE, 5, false, MAE",
    "DENSE, 5, true, HUBER",
    "DENSE, 7, true, PINBALL",
    "RESIDUAL, 5, false, MSE",
    "HIGHWAY, 5, false, HUBER",
    "DENSE, 7, false, MAE",
    "HIGHWAY, 7, false, MAE"
  })
  void deepStacksAgreeWithFiniteDifferences(
      Connection connection, int layers, boolean chosenFeeds, LossKind loss) {
    DjlRuntime.engine();
    ModelSpec spec =
        new ModelSpec(
            null,
            "grad",
            1,
            null,
            InputSpec.raw(2),
            new CellSpec(CellVariant.FUSED, 4, 3, GateSpec.STANDARD),
            new StackSpec(layers, connection, chosenFeeds ? Specs.chosenFeeds(layers) : null),
            loss == LossKind.PINBALL
                ? new HeadSpec(2, 3, 0, LEVELS, false)
                : new HeadSpec(2, 3, 0));
    String label =
        String.format(
            "%s L=%d%s %s",
            connection, layers, chosenFeeds ? " " + spec.stack().feeds() : "", loss);
    assertThat(largestError(spec, label, loss)).isLessThan(TOLERANCE);
  }

  /**
   * Window stacks: the backward direction, the attention and layer 1 (which reads the pooled
   * window) over six steps, with windows that slide (3, 4) and one that never fills (8).
   */
  @ParameterizedTest
  @CsvSource({
    "FUSED, 3, 2, MSE",
    "PEEPHOLE, 4, 3, HUBER",
    "FUSED, 8, 2, PINBALL",
    "PEEPHOLE, 2, 2, MAE"
  })
  void windowStacksAgreeWithFiniteDifferences(
      CellVariant variant, int window, int layers, LossKind loss) {
    DjlRuntime.engine();
    ModelSpec spec =
        Specs.window(
                variant,
                2,
                4,
                layers,
                window,
                GateSpec.STANDARD,
                loss == LossKind.PINBALL
                    ? new HeadSpec(2, 3, 0, LEVELS, false)
                    : new HeadSpec(2, 3, 0))
            .withId("grad");
    String label = String.format("%s W=%d L=%d %s", variant, window, layers, loss);
    assertThat(largestError(spec, label, loss)).isLessThan(TOLERANCE);
  }

  /** The largest |autograd − finite difference| over a sample of weights of four tensors. */
  private static double largestError(ModelSpec spec, String label, LossKind loss) {
    GateMode gates = spec.cell().gates().mode();
    int layers = spec.layers();
    ModelWeights w = RandomWeights.of(spec, 11, 1.0);
    Random r = new Random(5);
    float[] x = new float[6 * 2 * 2]; // (T, B, I)
    float[] y = new float[6 * 2 * 2]; // (T, B, h)
    float[] noise = new float[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
      y[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < noise.length; i++) {
      noise[i] = gates == GateMode.GUMBEL ? (float) r.nextGaussian() : 0f;
    }
    Map<String, float[]> grads = autograd(w, x, y, noise, loss);
    double largest = 0;
    List<String> names =
        new java.util.ArrayList<>(
            List.of("weight_ih_l0", "bias_hh_l0", "weight_hh_l" + (layers - 1), "ar.weight"));
    if (spec.stack().connection() == Connection.GRID) { // the depth cells, bottom and top
      names.addAll(
          List.of(
              "weight_ih_l0_depth", "bias_ih_l0_depth", "weight_hh_l" + (layers - 1) + "_depth"));
      if (spec.cell().variant() == CellVariant.PEEPHOLE) {
        names.add("weight_cf_l1_depth");
      }
    }
    if (spec.stack().window() != null) { // the backward direction, the attention, layer 1's input
      names.addAll(
          List.of(
              "weight_ih_l0_reverse",
              "weight_hh_l0_reverse",
              "bias_ih_l0_reverse",
              "attention.weight",
              "attention.bias",
              "weight_ih_l1"));
      if (spec.cell().variant() == CellVariant.PEEPHOLE) {
        names.add("weight_cf_l0_reverse");
      }
    }
    for (String name : names) {
      float[] g = grads.get(name);
      for (int i = 0; i < g.length; i += Math.max(1, g.length / 5)) {
        double fd = finiteDifference(w, name, i, x, y, noise, loss);
        largest = Math.max(largest, Math.abs(fd - g[i]));
      }
    }
    System.out.printf(
        "%s: largest |autograd − finite difference| %.2e (tolerance %.0e)%n",
        label, largest, TOLERANCE);
    return largest;
  }

  private static Map<String, float[]> autograd(
      ModelWeights w, float[] x, float[] y, float[] noise, LossKind loss) {
    try (NDManager m = NDManager.newBaseManager();
        TrainableModel model = new TrainableModel(w, m);
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray l = loss(model, m, TrainableModel.Weights.TRAIN, x, y, noise, loss);
      for (int i = 0; i < 3; i++) {
        byte[][] garbage = new byte[2000][];
        for (int j = 0; j < garbage.length; j++) {
          garbage[j] = new byte[1000];
        }
        System.gc();
        m.create(new float[100_000]).close();
      }
      gc.backward(l);
      Map<String, float[]> out = new LinkedHashMap<>();
      model.parameters().forEach((n, p) -> out.put(n, p.getGradient().toFloatArray()));
      return out;
    }
  }

  private static double finiteDifference(
      ModelWeights w, String name, int i, float[] x, float[] y, float[] noise, LossKind loss) {
    double eps = 1e-2;
    return (value(shifted(w, name, i, eps), x, y, noise, loss)
            - value(shifted(w, name, i, -eps), x, y, noise, loss))
        / (2 * eps);
  }

  private static double value(ModelWeights w, float[] x, float[] y, float[] noise, LossKind loss) {
    try (NDManager m = NDManager.newBaseManager();
        TrainableModel model = new TrainableModel(w, m)) {
      return loss(model, m, TrainableModel.Weights.CURRENT, x, y, noise, loss).getFloat();
    }
  }

  private static NDArray loss(
      TrainableModel model,
      NDManager m,
      TrainableModel.Weights which,
      float[] x,
      float[] y,
      float[] noise,
      LossKind loss) {
    ModelSpec spec = model.spec();
    int[] at = {0};
    int width = 2 * spec.cell().hidden();
    Unroll.Noise n =
        (scope, batch) -> {
          ai.djl.ndarray.NDList out = new ai.djl.ndarray.NDList();
          for (int k = 0; k < spec.layers(); k++) {
            float[] e = new float[batch * width];
            for (int j = 0; j < e.length; j++) {
              e[j] = noise[at[0]++ % noise.length];
            }
            out.add(scope.create(e, new Shape(batch, width)));
          }
          return out;
        };
    Unroll.Output o =
        Unroll.run(
            model.stack(m, spec, which),
            m.create(x, new Shape(6, 2, 2)),
            Unroll.State.zeros(m, spec, 2),
            null,
            spec.cell().gates().mode() == GateMode.GUMBEL ? n : null);
    NDArray target = m.create(y, new Shape(6, 2, 2));
    NDArray mask = m.ones(new Shape(6, 2, 2));
    return Losses.loss(loss, spec.head().quantiles(), o.forecasts(), target, mask, 24);
  }

  private static ModelWeights shifted(ModelWeights w, String name, int i, double eps) {
    Map<String, Tensor> t = new LinkedHashMap<>(w.tensors());
    double[] d = t.get(name).data().clone();
    d[i] += eps;
    t.put(name, new Tensor(Tensor.DType.FLOAT32, t.get(name).shape(), d));
    return ModelWeights.bind(w.spec(), t, "shifted");
  }
}
