package io.statecast.cell.djl;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomFloats;
import static io.statecast.testing.RandomData.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.statecast.cell.ReferenceKernel;
import io.statecast.cell.SequenceRunner;
import io.statecast.imports.OnnxLstmImporter;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Fixtures;
import io.statecast.testing.Specs;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The DJL kernel against the fixtures and against the reference implementation. */
class DjlStepKernelTest {

  private static final double FIXTURE_TOLERANCE = 2e-5;
  private static final double REFERENCE_TOLERANCE = 1e-5;
  private static final double BATCH_TOLERANCE = 1e-6;

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.LSTM_F32, Fixtures.LSTM_F64, Fixtures.LSTMP_F64})
  void reproducesTorchFixturesInFloat32(String fixture) {
    Map<String, Tensor> f = Fixtures.load(fixture);
    ModelWeights w = Fixtures.torchWeights(f, fixture);
    try (DjlStepKernel k = new DjlStepKernel(w)) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, f.get("x"), f.get("h0"), f.get("c0"), 3);
      double errY = maxAbsDiff(f.get("y"), r.y());
      double errH = maxAbsDiff(f.get("h_n"), r.hn());
      double errC = maxAbsDiff(f.get("c_n"), r.cn());
      System.out.printf(
          "%s on DJL float32: max |err| y %.3e, h_n %.3e, c_n %.3e%n", fixture, errY, errH, errC);
      assertThat(errY).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(errH).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(errC).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
    }
  }

  @Test
  void reproducesOnnxPeepholeFixture() {
    Map<String, Tensor> f = Fixtures.load(Fixtures.PEEPHOLE);
    ModelWeights w = OnnxLstmImporter.fromOnnx(f, "peephole", 1, Fixtures.PEEPHOLE);
    try (DjlStepKernel k = new DjlStepKernel(w)) {
      SequenceRunner.Result r =
          SequenceRunner.kernel(
              k, f.get("X"), f.get("h0").reshape(1, 3, 8), f.get("c0").reshape(1, 3, 8), 3);
      double errY = maxAbsDiff(f.get("Y"), r.y());
      double errC = maxAbsDiff(f.get("Y_c").reshape(1, 3, 8), r.cn());
      System.out.printf("ONNX peephole on DJL: max |err| y %.3e, c_n %.3e%n", errY, errC);
      assertThat(errY).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(errC).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
    }
  }

  static Stream<Arguments> everyCombination() {
    return Specs.everyCombination().stream().map(s -> Arguments.of(Specs.describe(s), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCombination")
  void agreesWithTheReferenceForEveryVariantConnectionAndHead(String name, ModelSpec spec) {
    ModelWeights w = RandomWeights.of(spec, 42);
    Tensor x = randomTensor(7, 12, 5, spec.inputSize());
    SequenceRunner.Result ref = SequenceRunner.reference(w, x, null, null);
    try (DjlStepKernel k = new DjlStepKernel(w)) {
      SequenceRunner.Result djl = SequenceRunner.kernel(k, x, null, null, 5);
      double errY = maxAbsDiff(ref.y(), djl.y());
      double errC = maxAbsDiff(ref.cn(), djl.cn());
      double errF = maxAbsDiff(ref.forecast(), djl.forecast());
      System.out.printf("%s: max |err| y %.2e c %.2e forecast %.2e%n", name, errY, errC, errF);
      assertThat(errY).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      assertThat(errC).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      assertThat(errF).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
    }
  }

  @Test
  void aRowSteppedAloneEqualsTheSameRowInABatchOf256() {
    ModelSpec spec = Specs.everyCombination().get(3);
    ModelWeights w = RandomWeights.of(spec, 7);
    int batch = 256;
    int s = spec.stateLayout().size();
    int row = 131;
    SplittableRandom random = new SplittableRandom(3);
    float[] x = randomFloats(random, batch * spec.inputSize());
    float[] state = randomFloats(random, batch * s);
    float[] aloneX = new float[spec.inputSize()];
    float[] aloneState = new float[s];
    System.arraycopy(x, row * spec.inputSize(), aloneX, 0, aloneX.length);
    System.arraycopy(state, row * s, aloneState, 0, s);
    int horizon = spec.head().horizon();
    float[] forecast = new float[batch * horizon];
    float[] aloneForecast = new float[horizon];
    try (DjlStepKernel k = new DjlStepKernel(w)) {
      for (int t = 0; t < 5; t++) {
        k.step(batch, x, state, null, forecast);
        k.step(1, aloneX, aloneState, null, aloneForecast);
      }
    }
    float[] inBatch = new float[s];
    System.arraycopy(state, row * s, inBatch, 0, s);
    float[] inBatchForecast = new float[horizon];
    System.arraycopy(forecast, row * horizon, inBatchForecast, 0, horizon);
    double errState = maxAbsDiff(aloneState, inBatch);
    double errForecast = maxAbsDiff(aloneForecast, inBatchForecast);
    System.out.printf(
        "row %d alone vs in a batch of %d: max |err| state %.2e forecast %.2e%n",
        row, batch, errState, errForecast);
    assertThat(errState).isLessThanOrEqualTo(BATCH_TOLERANCE);
    assertThat(errForecast).isLessThanOrEqualTo(BATCH_TOLERANCE);
  }

  @Test
  void theFloatReferenceKernelAndDjlAgreeStepByStep() {
    ModelSpec spec = Specs.everyCombination().get(10);
    ModelWeights w = RandomWeights.of(spec, 11);
    Tensor x = randomTensor(5, 6, 4, spec.inputSize());
    try (DjlStepKernel djl = new DjlStepKernel(w);
        ReferenceKernel ref = new ReferenceKernel(w)) {
      double err =
          maxAbsDiff(
              SequenceRunner.kernel(ref, x, null, null, 4).y(),
              SequenceRunner.kernel(djl, x, null, null, 4).y());
      System.out.printf("float reference kernel vs DJL: max |err| %.2e%n", err);
      assertThat(err).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
    }
  }

  @Test
  void stepsDoNotAccumulateNativeArrays() {
    ModelSpec spec = Specs.everyCombination().get(0);
    ModelWeights w = RandomWeights.of(spec, 1);
    int batch = 16;
    float[] x = randomFloats(new SplittableRandom(1), batch * spec.inputSize());
    float[] state = new float[batch * spec.stateLayout().size()];
    float[] forecast = new float[batch * spec.head().horizon()];
    try (DjlStepKernel k = new DjlStepKernel(w)) {
      k.step(batch, x, state, null, forecast);
      NDManager manager = k.manager();
      int before = manager.getManagedArrays().size();
      for (int i = 0; i < 500; i++) {
        k.step(batch, x, state, null, forecast);
      }
      int after = manager.getManagedArrays().size();
      System.out.printf(
          "arrays held by the kernel's manager: %d before, %d after 500 steps%n", before, after);
      assertThat(after).isEqualTo(before);
    }
  }
}
