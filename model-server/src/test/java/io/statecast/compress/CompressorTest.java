package io.statecast.compress;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.artifact.ModelArtifact;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.cell.SequenceRunner;
import io.statecast.cell.StepKernel;
import io.statecast.model.CellVariant;
import io.statecast.model.CompressionSpec;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Compressor}: round and clip do what they say on the rows they say, a truncated SVD keeps
 * the top singular directions, full rank gives the model back, and a compressed model survives an
 * artifact's write and load.
 */
class CompressorTest {

  /** Two layers, H = 9, I = 6, a head: weights uniform in ±1/3. */
  private static final ModelSpec SPEC =
      Specs.of(
          CellVariant.FUSED,
          6,
          9,
          0,
          2,
          Connection.PLAIN,
          GateSpec.STANDARD,
          new HeadSpec(3, 0, 0));

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(CompressionSpec.Gates.class)
  void roundsEveryCoveredGateWeightToTheStepThenClips(CompressionSpec.Gates gates) {
    ModelWeights w = RandomWeights.of(SPEC, 5);
    double r = 0.05;
    double c = 0.12;
    ModelWeights z = Compressor.compress(w, new CompressionSpec(r, c, 0, gates), "z");
    int hidden = SPEC.cell().hidden();
    int changed = 0;
    for (int k = 0; k < SPEC.layers(); k++) {
      for (String name : new String[] {WeightNames.weightIh(k), WeightNames.weightHh(k)}) {
        Tensor before = w.tensors().get(name);
        Tensor after = z.tensors().get(name);
        int cols = before.dim(1);
        for (int i = 0; i < before.size(); i++) {
          double a = after.data()[i];
          double b = before.data()[i];
          if (gates.covers(i / cols, hidden)) {
            double expected = Math.max(-c, Math.min(c, r * Math.round(b / r)));
            assertThat(a).as("%s[%d] from %s", name, i, b).isCloseTo(expected, within(1e-7));
            assertThat(Math.abs(a)).isLessThanOrEqualTo(c + 1e-7);
            changed += a != b ? 1 : 0;
          } else {
            assertThat(a).as("%s[%d], a row left alone", name, i).isEqualTo(b);
          }
        }
      }
    }
    assertThat(changed).isPositive();
    assertThat(z.tensors().get(WeightNames.biasIh(0))).isEqualTo(w.tensors().get("bias_ih_l0"));
    assertThat(z.spec().cell().compression()).isEqualTo(new CompressionSpec(r, c, 0, gates));
    assertThat(z.spec().id()).isEqualTo("z");
  }

  @Test
  void fullRankGivesTheModelBackWithinFloatRounding() {
    ModelWeights w = RandomWeights.of(SPEC, 6);
    int full = SPEC.outputSize();
    ModelWeights z = Compressor.compress(w, new CompressionSpec(0, 0, full, null), "full");
    assertThat(z.tensors()).containsKeys("weight_hh_l0_left", "weight_ih_l1_right");
    assertThat(z.tensors()).doesNotContainKeys("weight_hh_l0", "weight_ih_l0_left");
    Tensor x = randomTensor(9, 20, 4, SPEC.inputSize());
    SequenceRunner.Result a = SequenceRunner.reference(w, x, null, null);
    SequenceRunner.Result b = SequenceRunner.reference(z, x, null, null);
    assertThat(maxAbsDiff(a.forecast(), b.forecast())).isLessThan(1e-5);
    assertThat(maxAbsDiff(a.hn(), b.hn())).isLessThan(1e-5);
    assertThat(maxAbsDiff(a.cn(), b.cn())).isLessThan(1e-5);
    try (StepKernel k = Engine.of(EngineKind.FAST).create(z)) {
      SequenceRunner.Result f = SequenceRunner.kernel(k, x, null, null, 4);
      assertThat(maxAbsDiff(a.forecast(), f.forecast())).isLessThan(1e-5);
    }
  }

  /**
   * Rank 1 keeps the top singular direction: {@code ‖left · right‖_F = σ_1}, with {@code σ_1} from
   * power iteration on {@code WᵀW}; the right factor's rows are orthonormal and the residual is
   * orthogonal to them.
   */
  @Test
  void aTruncatedFactorisationKeepsTheTopSingularDirections() {
    Tensor w = randomTensor(3, 36, 9);
    double sigma1 = topSingularValue(w);
    Tensor[] f1 = Compressor.factors(w.as(Tensor.DType.FLOAT64), 1);
    assertThat(frobenius(product(f1[0], f1[1]).data())).isCloseTo(sigma1, within(1e-9));
    Tensor[] f4 = Compressor.factors(w.as(Tensor.DType.FLOAT64), 4);
    double[] right = f4[1].data();
    double[] residual = product(f4[0], f4[1]).data();
    for (int i = 0; i < residual.length; i++) {
      residual[i] = w.data()[i] - residual[i];
    }
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        assertThat(dot(right, a * 9, right, b * 9, 9)).isCloseTo(a == b ? 1 : 0, within(1e-9));
      }
      for (int r = 0; r < 36; r++) {
        assertThat(dot(residual, r * 9, right, a * 9, 9)).isCloseTo(0, within(1e-9));
      }
    }
  }

  @Test
  void roundsAWindowStacksBackwardDirectionAndRefusesToFactorIt() {
    ModelSpec window =
        Specs.window(CellVariant.FUSED, 3, 8, 2, 4, GateSpec.STANDARD, new HeadSpec(2, 0, 0));
    ModelWeights w = RandomWeights.of(window, 9);
    ModelWeights z =
        Compressor.compress(
            w, new CompressionSpec(0.25, 0, 0, CompressionSpec.Gates.ALL), "w-r0.25");
    for (String name : new String[] {"weight_ih_l0_reverse", "weight_hh_l0_reverse"}) {
      for (double v : z.tensors().get(name).data()) {
        assertThat(Math.abs(v / 0.25 - Math.rint(v / 0.25))).as(name).isLessThan(1e-6);
      }
    }
    assertThat(z.tensors().get("attention.weight")).isEqualTo(w.tensors().get("attention.weight"));
    assertThatThrownBy(() -> Compressor.compress(w, new CompressionSpec(0, 0, 4, null), "w-k4"))
        .hasMessageContaining("stack.window does not support low-rank weights");
  }

  @Test
  void refusesARankAboveTheOutputSizeAndACompressedModel() {
    ModelWeights w = RandomWeights.of(SPEC, 7);
    assertThatThrownBy(() -> Compressor.compress(w, new CompressionSpec(0, 0, 10, null), "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rank must be at most the layer output size 9");
    ModelWeights z = Compressor.compress(w, new CompressionSpec(0.1, 0, 0, null), "x");
    assertThatThrownBy(() -> Compressor.compress(z, new CompressionSpec(0, 0, 3, null), "y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compressed already");
  }

  @Test
  void aCompressedModelSurvivesWriteAndLoad() throws IOException {
    ModelWeights w = RandomWeights.of(SPEC, 8);
    ModelWeights z = Compressor.compress(w, new CompressionSpec(0.1, 2, 4, null), "m-r0.1-c2-k4");
    ModelArtifact a = ModelArtifact.write(tmp.resolve("z"), z, Map.of());
    assertThat(a.spec()).isEqualTo(z.spec());
    assertThat(a.weights().tensors()).isEqualTo(z.tensors());
    String json = Files.readString(tmp.resolve("z").resolve(ModelArtifact.SPEC_FILE));
    assertThat(json).contains("\"compression\"").contains("\"rank\" : 4").contains("\"round\"");
    ModelArtifact plain = ModelArtifact.write(tmp.resolve("plain"), w, Map.of());
    assertThat(Files.readString(tmp.resolve("plain").resolve(ModelArtifact.SPEC_FILE)))
        .doesNotContain("compression");
    assertThat(plain.spec().cell().compression()).isNull();
  }

  @Test
  void theWeightChecksWantTheFactorsInPlaceOfTheDenseWeights() {
    ModelWeights w = RandomWeights.of(SPEC, 9);
    ModelSpec lowRank =
        SPEC.withCell(SPEC.cell().withCompression(new CompressionSpec(0, 0, 7, null)));
    assertThat(WeightNames.expected(lowRank))
        .containsKeys("weight_ih_l1_left", "weight_hh_l0_right")
        .doesNotContainKeys("weight_ih_l1", "weight_hh_l0", "weight_ih_l0_left")
        .containsKey("weight_ih_l0"); // 6 inputs < K = 7: dense
    assertThat(WeightNames.expected(lowRank).get("weight_hh_l0_left")).containsExactly(36, 7);
    assertThat(WeightNames.expected(lowRank).get("weight_ih_l1_right")).containsExactly(7, 9);
    assertThatThrownBy(() -> ModelWeights.bind(lowRank, w.tensors(), "dense weights"))
        .hasMessageContaining("missing weight 'weight_hh_l0_left' (36, 7)")
        .hasMessageContaining("K=7")
        .hasMessageContaining("unexpected weight 'weight_hh_l0'");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static double topSingularValue(Tensor w) {
    int rows = w.dim(0);
    int cols = w.dim(1);
    double[] v = new double[cols];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < cols; i++) {
      v[i] = random.nextDouble() + 0.1;
    }
    double lambda = 0;
    for (int it = 0; it < 5000; it++) {
      double[] wv = new double[rows];
      for (int r = 0; r < rows; r++) {
        wv[r] = dot(w.data(), r * cols, v, 0, cols);
      }
      double[] next = new double[cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          next[c] += w.data()[r * cols + c] * wv[r];
        }
      }
      lambda = frobenius(next);
      for (int c = 0; c < cols; c++) {
        v[c] = next[c] / lambda;
      }
    }
    return Math.sqrt(lambda);
  }

  private static Tensor product(Tensor a, Tensor b) {
    return io.statecast.model.LowRankWeights.product(a, b);
  }

  private static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  private static double frobenius(double[] d) {
    return Math.sqrt(dot(d, 0, d, 0, d.length));
  }
}
