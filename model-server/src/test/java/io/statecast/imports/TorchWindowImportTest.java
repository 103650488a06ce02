package io.statecast.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.cell.StepKernel;
import io.statecast.cell.reference.ReferenceModel;
import io.statecast.model.Connection;
import io.statecast.model.ModelWeights;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bidirectional first layer made by PyTorch ({@code fixtures/make_bilstm_window_ref.py}: {@code
 * nn.LSTM(bidirectional=True)} run over each window, attention, a second {@code nn.LSTM}, a head)
 * imports as a window stack whose forecasts are PyTorch's: within 1e-9 in the double reference, and
 * within the fixtures' float32 tolerance in the fast kernel.
 */
class TorchWindowImportTest {

  private static final String FIXTURE = "bilstm_window_f64.npz";

  @Test
  void forecastsAsPyTorchsBidirectionalLstmOverEachWindow() {
    Map<String, Tensor> f = Fixtures.load(FIXTURE);
    TorchImporter.Result r =
        TorchImporter.fromStateDict(
            f, new TorchImporter.Options("bi", 1, Connection.PLAIN, 0), FIXTURE);
    ModelWeights w = r.weights();
    assertThat(w.spec().stack().windowSize()).isEqualTo(5);
    assertThat(r.ignored()).containsExactlyInAnyOrder("x", "forecast", "pooled", "meta_dims");
    double[] x = f.get("x").data();
    double[] expected = f.get("forecast").data();
    int inputs = w.spec().inputSize();
    int horizon = w.spec().head().outputs();
    int steps = x.length / inputs;
    ReferenceModel model = new ReferenceModel(w);
    double[] state = model.newState();
    double reference = 0;
    double fast = 0;
    try (StepKernel k = Engine.of(EngineKind.FAST).create(w)) {
      float[] s = new float[w.spec().stateLayout().size()];
      float[] forecast = new float[horizon];
      for (int t = 0; t < steps; t++) {
        double[] xt = java.util.Arrays.copyOfRange(x, t * inputs, (t + 1) * inputs);
        double[] got = model.step(xt, state).forecast();
        float[] xf = new float[inputs];
        for (int i = 0; i < inputs; i++) {
          xf[i] = (float) xt[i];
        }
        k.step(1, xf, s, null, forecast);
        for (int j = 0; j < horizon; j++) {
          reference = Math.max(reference, Math.abs(got[j] - expected[t * horizon + j]));
          fast = Math.max(fast, Math.abs(forecast[j] - expected[t * horizon + j]));
        }
      }
    }
    System.out.printf(
        "bidirectional window vs PyTorch: reference %.2e, fast kernel %.2e%n", reference, fast);
    assertThat(reference).isLessThan(1e-9);
    assertThat(fast).isLessThan(2e-5);
  }
}
