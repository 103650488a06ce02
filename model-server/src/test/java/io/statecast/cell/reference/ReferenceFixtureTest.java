package io.statecast.cell.reference;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.cell.SequenceRunner;
import io.statecast.imports.OnnxLstmImporter;
import io.statecast.model.CellVariant;
import io.statecast.model.ModelWeights;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The double-precision reference reproduces PyTorch's {@code nn.LSTM} and ONNX's peephole LSTM:
 * float64 fixtures within 1e-9, float32 fixtures within the rounding of float32 inputs.
 */
class ReferenceFixtureTest {

  private static final double F64_TOLERANCE = 1e-9;
  private static final double F32_TOLERANCE = 2e-5;

  @Test
  void reproducesTorchLstmInFloat64() {
    assertReproduces(Fixtures.LSTM_F64, F64_TOLERANCE);
  }

  @Test
  void reproducesTorchProjectedLstmInFloat64() {
    assertReproduces(Fixtures.LSTMP_F64, F64_TOLERANCE);
  }

  @Test
  void reproducesTorchLstmFromFloat32Weights() {
    assertReproduces(Fixtures.LSTM_F32, F32_TOLERANCE);
  }

  @Test
  void reproducesEachLayerOfTheSteppedRun() {
    Map<String, Tensor> f = Fixtures.load(Fixtures.LSTM_F64);
    // Layer 0 alone is a one-layer LSTM whose output the fixture recorded as step_y_l0.
    Map<String, Tensor> layer0 = new LinkedHashMap<>();
    for (String name : new String[] {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}) {
      layer0.put(name, f.get(name));
    }
    ModelWeights w = Fixtures.torchWeights(layer0, "fixture");
    SequenceRunner.Result r =
        SequenceRunner.reference(
            w,
            f.get("x"),
            f.get("h0").slice(0).reshape(1, 3, 8),
            f.get("c0").slice(0).reshape(1, 3, 8));
    double err = maxAbsDiff(f.get("step_y_l0"), r.y());
    System.out.printf("layer 0 alone vs step_y_l0: max |err| = %.3e%n", err);
    assertThat(err).isLessThanOrEqualTo(F64_TOLERANCE);
  }

  @Test
  void reproducesOnnxPeepholeLstm() {
    Map<String, Tensor> f = Fixtures.load(Fixtures.PEEPHOLE);
    ModelWeights w = OnnxLstmImporter.fromOnnx(f, "peephole", 1, Fixtures.PEEPHOLE);
    assertThat(w.spec().cell().variant()).isEqualTo(CellVariant.PEEPHOLE);
    Tensor h0 = f.get("h0").reshape(1, 3, 8);
    Tensor c0 = f.get("c0").reshape(1, 3, 8);
    SequenceRunner.Result r = SequenceRunner.reference(w, f.get("X"), h0, c0);
    double errY = maxAbsDiff(f.get("Y"), r.y());
    double errC = maxAbsDiff(f.get("Y_c").reshape(1, 3, 8), r.cn());
    System.out.printf("ONNX peephole: max |err| y %.3e, c_n %.3e%n", errY, errC);
    assertThat(errY).isLessThanOrEqualTo(F32_TOLERANCE);
    assertThat(errC).isLessThanOrEqualTo(F32_TOLERANCE);
  }

  @Test
  void peepholeCellWithZeroPeepholesEqualsTheFusedCell() {
    Map<String, Tensor> f = Fixtures.load(Fixtures.LSTM_F64);
    ModelWeights fused = Fixtures.torchWeights(f, "fixture");
    Map<String, Tensor> withPeepholes = new LinkedHashMap<>(fused.tensors());
    for (int k = 0; k < 2; k++) {
      withPeepholes.put(WeightNames.peepholeInput(k), Tensor.zeros(Tensor.DType.FLOAT64, 8));
      withPeepholes.put(WeightNames.peepholeForget(k), Tensor.zeros(Tensor.DType.FLOAT64, 8));
      withPeepholes.put(WeightNames.peepholeOutput(k), Tensor.zeros(Tensor.DType.FLOAT64, 8));
    }
    ModelWeights peephole = Fixtures.torchWeights(withPeepholes, "fixture");
    assertThat(peephole.spec().cell().variant()).isEqualTo(CellVariant.PEEPHOLE);
    SequenceRunner.Result a = SequenceRunner.reference(fused, f.get("x"), f.get("h0"), f.get("c0"));
    SequenceRunner.Result b =
        SequenceRunner.reference(peephole, f.get("x"), f.get("h0"), f.get("c0"));
    assertThat(maxAbsDiff(a.y(), b.y())).isZero();
    assertThat(maxAbsDiff(a.cn(), b.cn())).isZero();
  }

  private static void assertReproduces(String fixture, double tolerance) {
    Map<String, Tensor> f = Fixtures.load(fixture);
    ModelWeights w = Fixtures.torchWeights(f, "fixture");
    SequenceRunner.Result r = SequenceRunner.reference(w, f.get("x"), f.get("h0"), f.get("c0"));
    double errY = maxAbsDiff(f.get("y"), r.y());
    double errH = maxAbsDiff(f.get("h_n"), r.hn());
    double errC = maxAbsDiff(f.get("c_n"), r.cn());
    double errStep = maxAbsDiff(f.get("step_y_l1"), r.y());
    System.out.printf(
        "%s on the reference: max |err| y %.3e, h_n %.3e, c_n %.3e, stepped y %.3e%n",
        fixture, errY, errH, errC, errStep);
    assertThat(errY).isLessThanOrEqualTo(tolerance);
    assertThat(errH).isLessThanOrEqualTo(tolerance);
    assertThat(errC).isLessThanOrEqualTo(tolerance);
    assertThat(errStep).isLessThanOrEqualTo(tolerance);
  }
}
