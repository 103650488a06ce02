package io.statecast.cell.fast;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomFloats;
import static io.statecast.testing.RandomData.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.cell.ReferenceKernel;
import io.statecast.cell.SequenceRunner;
import io.statecast.cell.StepKernel;
import io.statecast.cell.reference.ReferenceModel;
import io.statecast.imports.OnnxLstmImporter;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import io.statecast.model.StateLayout;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Fixtures;
import io.statecast.testing.Specs;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast kernel against the reference implementation and the fixtures. */
class FastStepKernelTest {

  @BeforeAll
  static void printTheMicroKernelsShape() {
    System.out.printf(
        "fast kernel: %s, tiles of %d rows x %d floats%n", Micro.F, Micro.MR, Micro.NR);
  }

  private static final double FIXTURE_TOLERANCE = 2e-5;
  private static final double REFERENCE_TOLERANCE = 1e-5;

  /**
   * A row's result is the same computation whatever its batch, tile or thread, but not always bit
   * for bit: while the JIT compiles the kernel, {@code VectorOperators.EXP} runs as Java code in
   * one call and as C2's SVML routine in the next, and the two differ in the last bit (measured: up
   * to 1.2e-7 in c after four steps).
   */
  private static final double JIT_TOLERANCE = 1e-6;

  private static final double BATCH_TOLERANCE = 1e-6;

  /** Partial vector blocks (H = 20), projection, highway and an AR head in one model. */
  private static final ModelSpec MIXED =
      Specs.of(
          CellVariant.PEEPHOLE,
          16,
          20,
          13,
          3,
          Connection.HIGHWAY,
          GateSpec.STANDARD,
          new HeadSpec(8, 5, 3));

  static Stream<Arguments> everyCombination() {
    return Specs.everyCombination().stream().map(s -> Arguments.of(Specs.describe(s), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCombination")
  void agreesWithTheReferenceForEveryVariantConnectionAndHead(String name, ModelSpec spec) {
    ModelWeights w = RandomWeights.of(spec, 42);
    Tensor x = randomTensor(7, 12, 13, spec.inputSize());
    SequenceRunner.Result ref = SequenceRunner.reference(w, x, null, null);
    try (StepKernel k = FastKernels.create(w)) {
      SequenceRunner.Result fast = SequenceRunner.kernel(k, x, null, null, 5);
      double errY = maxAbsDiff(ref.y(), fast.y());
      double errH = maxAbsDiff(ref.hn(), fast.hn());
      double errC = maxAbsDiff(ref.cn(), fast.cn());
      double errF = maxAbsDiff(ref.forecast(), fast.forecast());
      System.out.printf(
          "fast %s: max |err| y %.2e h %.2e c %.2e forecast %.2e%n", name, errY, errH, errC, errF);
      assertThat(errY).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      assertThat(errH).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      assertThat(errC).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      assertThat(errF).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {Fixtures.LSTM_F32, Fixtures.LSTM_F64, Fixtures.LSTMP_F64})
  void reproducesTorchFixturesInFloat32(String fixture) {
    Map<String, Tensor> f = Fixtures.load(fixture);
    ModelWeights w = Fixtures.torchWeights(f, fixture);
    try (StepKernel k = FastKernels.create(w)) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, f.get("x"), f.get("h0"), f.get("c0"), 3);
      double errY = maxAbsDiff(f.get("y"), r.y());
      double errH = maxAbsDiff(f.get("h_n"), r.hn());
      double errC = maxAbsDiff(f.get("c_n"), r.cn());
      System.out.printf(
          "%s on the fast kernel: max |err| y %.3e, h_n %.3e, c_n %.3e%n",
          fixture, errY, errH, errC);
      assertThat(errY).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(errH).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(errC).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
    }
  }

  @Test
  void reproducesOnnxPeepholeFixture() {
    Map<String, Tensor> f = Fixtures.load(Fixtures.PEEPHOLE);
    ModelWeights w = OnnxLstmImporter.fromOnnx(f, "peephole", 1, Fixtures.PEEPHOLE);
    try (StepKernel k = FastKernels.create(w)) {
      SequenceRunner.Result r =
          SequenceRunner.kernel(
              k, f.get("X"), f.get("h0").reshape(1, 3, 8), f.get("c0").reshape(1, 3, 8), 3);
      double errY = maxAbsDiff(f.get("Y"), r.y());
      double errC = maxAbsDiff(f.get("Y_c").reshape(1, 3, 8), r.cn());
      System.out.printf(
          "ONNX peephole on the fast kernel: max |err| y %.3e, c_n %.3e%n", errY, errC);
      assertThat(errY).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(errC).isLessThanOrEqualTo(FIXTURE_TOLERANCE);
    }
  }

  static Stream<Arguments> batchSizes() {
    return Stream.of(1, 7, 255, 257, 1000).map(Arguments::of);
  }

  @ParameterizedTest(name = "batch {0}")
  @MethodSource("batchSizes")
  void agreesWithTheReferenceAtOddBatchSizes(int batch) {
    for (ModelSpec spec : new ModelSpec[] {standard(), MIXED}) {
      ModelWeights w = RandomWeights.of(spec, batch);
      Tensor x = randomTensor(batch, 3, batch, spec.inputSize());
      SequenceRunner.Result ref = SequenceRunner.reference(w, x, null, null);
      try (StepKernel k = FastKernels.create(w)) {
        SequenceRunner.Result fast = SequenceRunner.kernel(k, x, null, null, batch);
        double errY = maxAbsDiff(ref.y(), fast.y());
        double errC = maxAbsDiff(ref.cn(), fast.cn());
        double errF = maxAbsDiff(ref.forecast(), fast.forecast());
        System.out.printf(
            "fast %s, batch %d: max |err| y %.2e c %.2e forecast %.2e%n",
            spec.id(), batch, errY, errC, errF);
        assertThat(errY).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
        assertThat(errC).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
        assertThat(errF).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      }
    }
  }

  @Test
  void aRowSteppedAloneEqualsTheSameRowInABatchOf256() {
    for (ModelSpec spec : new ModelSpec[] {standard(), MIXED, Specs.everyCombination().get(3)}) {
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
      try (StepKernel k = FastKernels.create(w)) {
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
          "fast %s: row %d alone vs in a batch of %d: max |err| state %.2e forecast %.2e%n",
          Specs.describe(spec), row, batch, errState, errForecast);
      assertThat(errState).isLessThanOrEqualTo(BATCH_TOLERANCE);
      assertThat(errForecast).isLessThanOrEqualTo(BATCH_TOLERANCE);
    }
  }

  /**
   * The batches step the row (at {@code batch / 2}) through every path of the micro-kernel: alone
   * (batches 1 and 2), in a six-row half tile (3 and 6 where tiles have 12 rows, on AVX-512), in a
   * full tile with other rows (the rest).
   */
  @Test
  void aRowsResultDoesNotDependOnItsBatchBitForBit() {
    ModelSpec spec = MIXED;
    ModelWeights w = RandomWeights.of(spec, 23);
    int s = spec.stateLayout().size();
    int horizon = spec.head().horizon();
    SplittableRandom random = new SplittableRandom(23);
    float[] x0 = randomFloats(random, spec.inputSize());
    float[] s0 = randomFloats(random, s);
    float[] expected = null;
    try (StepKernel k = FastKernels.create(w)) {
      for (int batch : new int[] {1, 2, 3, 6, 7, 12, 13, 18, 20, 200, 256}) {
        float[] x = randomFloats(random, batch * spec.inputSize());
        float[] state = randomFloats(random, batch * s);
        int row = batch / 2;
        System.arraycopy(x0, 0, x, row * x0.length, x0.length);
        System.arraycopy(s0, 0, state, row * s, s);
        float[] forecast = new float[batch * horizon];
        k.step(batch, x, state, null, forecast);
        float[] result = new float[s + horizon];
        System.arraycopy(state, row * s, result, 0, s);
        System.arraycopy(forecast, row * horizon, result, s, horizon);
        if (expected == null) {
          expected = result;
        }
        double diff = 0;
        for (int i = 0; i < result.length; i++) {
          diff = Math.max(diff, Math.abs(result[i] - expected[i]));
        }
        System.out.printf("row %d of a batch of %d: max |diff| %.2e%n", row, batch, diff);
        assertThat(diff)
            .as("row %d of a batch of %d", row, batch)
            .isLessThanOrEqualTo(JIT_TOLERANCE);
      }
    }
  }

  @Test
  void growsItsBuffersForABatchLargerThanAnySeenAndStaysCorrect() {
    ModelSpec spec = MIXED;
    ModelWeights w = RandomWeights.of(spec, 5);
    Tensor x = randomTensor(9, 4, 300, spec.inputSize());
    SequenceRunner.Result ref = SequenceRunner.reference(w, x, null, null);
    try (FastStepKernel k = (FastStepKernel) FastKernels.create(w)) {
      int before = k.capacity();
      SequenceRunner.Result small = SequenceRunner.kernel(k, x, null, null, 7);
      int afterSmall = k.capacity();
      SequenceRunner.Result large = SequenceRunner.kernel(k, x, null, null, 300);
      int afterLarge = k.capacity();
      SequenceRunner.Result again = SequenceRunner.kernel(k, x, null, null, 7);
      System.out.printf(
          "capacity %d, after batches of 7: %d, of 300: %d, of 7 again: %d%n",
          before, afterSmall, afterLarge, k.capacity());
      assertThat(afterLarge)
          .isGreaterThan(afterSmall)
          .isEqualTo(Math.min(300, FastStepKernel.BLOCK_ROWS));
      assertThat(k.capacity()).isEqualTo(afterLarge);
      for (SequenceRunner.Result r : new SequenceRunner.Result[] {small, large, again}) {
        assertThat(maxAbsDiff(ref.y(), r.y())).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
        assertThat(maxAbsDiff(ref.forecast(), r.forecast()))
            .isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      }
    }
  }

  @Test
  void splittingRowsAcrossThreadsGivesTheSameResultsAsOneThread() {
    ModelSpec spec = MIXED;
    ModelWeights w = RandomWeights.of(spec, 17);
    Tensor x = randomTensor(17, 4, 1000, spec.inputSize());
    try (StepKernel one = FastKernels.create(w);
        StepKernel three = FastKernels.create(w, 3)) {
      for (int batch : new int[] {1000, 50, 7}) {
        SequenceRunner.Result a = SequenceRunner.kernel(one, x, null, null, batch);
        SequenceRunner.Result b = SequenceRunner.kernel(three, x, null, null, batch);
        double errY = maxAbsDiff(a.y(), b.y());
        double errC = maxAbsDiff(a.cn(), b.cn());
        double errF = maxAbsDiff(a.forecast(), b.forecast());
        System.out.printf(
            "batch %d on 3 threads vs 1: max |diff| y %.2e c %.2e forecast %.2e%n",
            batch, errY, errC, errF);
        assertThat(errY).isLessThanOrEqualTo(JIT_TOLERANCE);
        assertThat(errC).isLessThanOrEqualTo(JIT_TOLERANCE);
        assertThat(errF).isLessThanOrEqualTo(JIT_TOLERANCE);
      }
    }
  }

  @Test
  void agreesWithTheFloatReferenceKernelOnTheStandardModelsStepByStep() {
    for (StandardModels.Preset preset : StandardModels.Preset.values()) {
      ModelWeights w = RandomWeights.of(StandardModels.spec(preset), 11);
      Tensor x = randomTensor(5, 6, 19, StandardModels.INPUTS);
      try (StepKernel fast = FastKernels.create(w);
          ReferenceKernel ref = new ReferenceKernel(w)) {
        SequenceRunner.Result a = SequenceRunner.kernel(ref, x, null, null, 19);
        SequenceRunner.Result b = SequenceRunner.kernel(fast, x, null, null, 19);
        double errY = maxAbsDiff(a.y(), b.y());
        double errF = maxAbsDiff(a.forecast(), b.forecast());
        System.out.printf(
            "%s: float reference kernel vs fast: max |err| y %.2e forecast %.2e%n",
            preset, errY, errF);
        assertThat(errY).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
        assertThat(errF).isLessThanOrEqualTo(REFERENCE_TOLERANCE);
      }
    }
  }

  @Test
  void hardGatesKeepOrClearTheCellExactly() {
    ModelSpec spec = standard().withGates(GateSpec.STANDARD.hardened());
    ModelWeights w = RandomWeights.of(spec, 13, 0.3);
    ReferenceModel ref = new ReferenceModel(w);
    StateLayout layout = spec.stateLayout();
    int hidden = spec.cell().hidden();
    SplittableRandom random = new SplittableRandom(13);
    float[] state = randomFloats(random, layout.size());
    int kept = 0;
    int cleared = 0;
    try (StepKernel k = FastKernels.create(w)) {
      for (int t = 0; t < 4; t++) {
        float[] x = randomFloats(random, spec.inputSize());
        float[] before = state.clone();
        double[][] trace = new double[spec.layers()][2 * hidden];
        ref.step(widen(x), widen(before), null, trace);
        k.step(1, x, state, null, null);
        for (int layer = 0; layer < spec.layers(); layer++) {
          for (int n = 0; n < hidden; n++) {
            double i = trace[layer][n];
            double f = trace[layer][hidden + n];
            assertThat(i == 0.0 || i == 1.0).isTrue();
            float c = state[layout.cOffset(layer) + n];
            if (i == 0.0 && f == 1.0) {
              assertThat(c).isEqualTo(before[layout.cOffset(layer) + n]);
              kept++;
            } else if (i == 0.0 && f == 0.0) {
              assertThat(c).isEqualTo(0f);
              cleared++;
            }
          }
        }
      }
    }
    System.out.printf("hard gates: %d cells kept exactly, %d cleared exactly%n", kept, cleared);
    assertThat(kept).isPositive();
    assertThat(cleared).isPositive();
  }

  @Test
  void writesTheOutputAndLeavesTheForecastAloneWhenNotAsked() {
    ModelSpec spec = standard();
    ModelWeights w = RandomWeights.of(spec, 2);
    float[] x = randomFloats(new SplittableRandom(2), 3 * spec.inputSize());
    float[] state = new float[3 * spec.stateLayout().size()];
    float[] output = new float[3 * spec.outputSize()];
    try (StepKernel k = FastKernels.create(w)) {
      k.step(3, x, state, output, null);
    }
    float[] top = new float[spec.outputSize()];
    System.arraycopy(state, spec.stateLayout().hOffset(1), top, 0, top.length);
    float[] first = new float[spec.outputSize()];
    System.arraycopy(output, 0, first, 0, first.length);
    assertThat(first).containsExactly(top);
  }

  @Test
  void rejectsArraysTooShortForTheBatchWithAClearMessage() {
    ModelSpec spec = standard();
    try (StepKernel k = FastKernels.create(RandomWeights.of(spec, 1))) {
      float[] x = new float[4 * spec.inputSize()];
      float[] state = new float[3 * spec.stateLayout().size()];
      assertThatThrownBy(() -> k.step(4, x, state, null, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("state holds " + state.length + " floats")
          .hasMessageContaining("a batch of 4 needs " + 4 * spec.stateLayout().size());
      assertThatThrownBy(() -> k.step(0, x, state, null, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batch must be at least 1");
    }
  }

  static ModelSpec standard() {
    return StandardModels.spec(StandardModels.Preset.STANDARD);
  }

  static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
