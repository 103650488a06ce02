package io.statecast.cell;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomFloats;
import static io.statecast.testing.RandomData.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.statecast.testing.ResidentAsStepKernel;
import io.statecast.testing.Specs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link StepKernel} must do, stated once and run on every kernel: against the PyTorch
 * and ONNX fixtures, against the double-precision reference ({@link SequenceRunner#reference}), and
 * against itself on other batches. Float32 kernels are held to
 *
 * <ul>
 *   <li>{@link #FIXTURE_TOLERANCE} against the fixtures (the rounding of float32 inputs);
 *   <li>{@link #REFERENCE_TOLERANCE} against the reference, in double or rounded to float;
 *   <li>{@link #BATCH_TOLERANCE} between one row's results in two batches.
 * </ul>
 *
 * <p>The kernels: {@link #kernels()} here runs the float reference, DJL and DJL's resident kernel
 * (through {@link ResidentAsStepKernel}, which writes each batch into the table, steps it there and
 * reads it back; it writes no top-layer output, so its states and forecasts are checked). {@code
 * io.statecast.cell.fast.FastStepKernelContractTest} runs the same tests on the fast kernel with
 * one and two threads: from the fast kernel's package, so that the build's second surefire run of
 * {@code io/statecast/cell/fast/*Test.java} with the JIT held to AVX2 holds the 6-row tiles to the
 * contract too. Every kernel is made by {@link Engine}, as production code makes it.
 *
 * <p>What one kernel does beyond the interface stays beside it: the fast kernel's buffers and row
 * splitting ({@code FastStepKernelTest}, {@code RowSplitterTest}), DJL's native memory and gates
 * ({@code DjlStepKernelTest}, {@code DjlGatesTest}), the resident table's slots ({@code
 * DjlResidentKernelTest}, on a GPU {@code DjlResidentKernelGpuTest}), the double-precision
 * reference against the fixtures within 1e-9 ({@code ReferenceFixtureTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class StepKernelContractTest {

  /** Float32 against the fixtures: the rounding of their float32 inputs (fixtures/README.md). */
  protected static final double FIXTURE_TOLERANCE = 2e-5;

  /** Float32 against the reference, over several steps. */
  protected static final double REFERENCE_TOLERANCE = 1e-5;

  /**
   * One row's result in two batches: the same computation, but not always bit for bit: while the
   * JIT compiles the fast kernel, {@code VectorOperators.EXP} runs as Java code in one call and as
   * C2's SVML routine in the next, and the two differ in the last bit (measured: up to 1.2e-7 in c
   * after four steps).
   */
  protected static final double BATCH_TOLERANCE = 1e-6;

  /**
   * A kernel under test.
   *
   * @param name its name in the test reports
   * @param factory makes it
   * @param writesOutput whether it writes the top layer's output (the resident kernel does not)
   * @param checksArguments whether it refuses bad arguments with an {@link
   *     IllegalArgumentException} that names them, before stepping anything
   */
  public record KernelUnderTest(
      String name, KernelFactory factory, boolean writesOutput, boolean checksArguments) {

    StepKernel create(ModelWeights weights) {
      return factory.create(weights);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Where the resident kernel's batches start in its table (slots 0–4 stay unused). */
  static final int RESIDENT_OFFSET = 5;

  /** Slots of the resident kernel's table: more than the suite's largest batch past the offset. */
  static final int RESIDENT_CAPACITY = 1100;

  public static final KernelUnderTest REFERENCE =
      new KernelUnderTest("reference", Engine.of(EngineKind.REFERENCE), true, false);

  public static final KernelUnderTest FAST =
      new KernelUnderTest("fast, 1 thread", Engine.of(EngineKind.FAST), true, true);

  public static final KernelUnderTest FAST_TWO_THREADS =
      new KernelUnderTest("fast, 2 threads", new Engine(EngineKind.FAST, 2, false), true, true);

  public static final KernelUnderTest DJL =
      new KernelUnderTest("djl", Engine.of(EngineKind.DJL), true, false);

  public static final KernelUnderTest DJL_RESIDENT =
      new KernelUnderTest(
          "djl resident",
          w ->
              new ResidentAsStepKernel(
                  Engine.of(EngineKind.DJL).createResident(w, RESIDENT_CAPACITY), RESIDENT_OFFSET),
          false,
          false);

  /**
   * Partial vector blocks (H = 20), a projection, highway connections, peepholes and an AR head in
   * one model.
   */
  public static final ModelSpec MIXED =
      Specs.of(
          CellVariant.PEEPHOLE,
          16,
          20,
          13,
          3,
          Connection.HIGHWAY,
          GateSpec.STANDARD,
          new HeadSpec(8, 5, 3));

  /** The kernels this class holds to the contract (the fast kernel's are in its own package). */
  protected List<KernelUnderTest> kernels() {
    return List.of(REFERENCE, DJL, DJL_RESIDENT);
  }

  /** Every kernel with every one of {@code values}. */
  private Stream<Arguments> withEach(List<?> values) {
    List<Arguments> out = new ArrayList<>();
    for (KernelUnderTest k : kernels()) {
      for (Object v : values) {
        out.add(Arguments.of(k, v));
      }
    }
    return out.stream();
  }

  // ---------------------------------------------------------------------------------------------
  // The fixtures

  Stream<Arguments> torchFixtures() {
    return withEach(List.of(Fixtures.LSTM_F32, Fixtures.LSTM_F64, Fixtures.LSTMP_F64));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("torchFixtures")
  void reproducesTheTorchFixtures(KernelUnderTest kernel, String fixture) {
    Map<String, Tensor> f = Fixtures.load(fixture);
    ModelWeights w = Fixtures.torchWeights(f, fixture);
    try (StepKernel k = kernel.create(w)) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, f.get("x"), f.get("h0"), f.get("c0"), 3);
      Errors e = new Errors(kernel + ", " + fixture);
      if (kernel.writesOutput()) {
        e.add("y", maxAbsDiff(f.get("y"), r.y()));
      }
      e.add("h_n", maxAbsDiff(f.get("h_n"), r.hn()))
          .add("c_n", maxAbsDiff(f.get("c_n"), r.cn()))
          .assertWithin(FIXTURE_TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void reproducesTheOnnxPeepholeFixture(KernelUnderTest kernel) {
    Map<String, Tensor> f = Fixtures.load(Fixtures.PEEPHOLE);
    ModelWeights w = OnnxLstmImporter.fromOnnx(f, "peephole", 1, Fixtures.PEEPHOLE);
    try (StepKernel k = kernel.create(w)) {
      SequenceRunner.Result r =
          SequenceRunner.kernel(
              k, f.get("X"), f.get("h0").reshape(1, 3, 8), f.get("c0").reshape(1, 3, 8), 3);
      Errors e = new Errors(kernel + ", ONNX peephole");
      if (kernel.writesOutput()) {
        e.add("y", maxAbsDiff(f.get("Y"), r.y()));
      }
      e.add("h_n", maxAbsDiff(f.get("Y_h").reshape(1, 3, 8), r.hn()))
          .add("c_n", maxAbsDiff(f.get("Y_c").reshape(1, 3, 8), r.cn()))
          .assertWithin(FIXTURE_TOLERANCE);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The reference

  Stream<Arguments> everyCombination() {
    return withEach(
        Specs.everyCombination().stream().map(s -> Named.of(Specs.describe(s), s)).toList());
  }

  /** 12 steps of 13 rows, in batches of 5, 5 and 3. */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyCombination")
  void agreesWithTheReferenceForEveryVariantConnectionGateAndHead(
      KernelUnderTest kernel, ModelSpec spec) {
    Run run = new Run(spec, 42, 7, 12, 13);
    SequenceRunner.Result ref = run.reference();
    try (StepKernel k = kernel.create(run.weights())) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, run.inputs(), null, null, 5);
      Errors.between(kernel + ", " + Specs.describe(spec), kernel, ref, r)
          .assertWithin(REFERENCE_TOLERANCE);
    }
  }

  Stream<Arguments> deepAndLowRank() {
    return withEach(
        java.util.stream.Stream.concat(Specs.deepStacks().stream(), Specs.lowRank().stream())
            .map(s -> Named.of(Specs.describe(s), s))
            .toList());
  }

  /**
   * 5- and 7-layer stacks (dense with all or chosen feeds, residual, highway) and low-rank cells
   * ({@code weight_ih} / {@code weight_hh} as two factors, which the reference steps in double
   * precision): 12 steps of 13 rows in batches of 5, 5 and 3.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("deepAndLowRank")
  void agreesWithTheReferenceForDeepStacksAndLowRankCells(KernelUnderTest kernel, ModelSpec spec) {
    Run run = new Run(spec, 17, 19, 12, 13);
    SequenceRunner.Result ref = run.reference();
    try (StepKernel k = kernel.create(run.weights())) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, run.inputs(), null, null, 5);
      Errors.between(kernel + ", " + Specs.describe(spec), kernel, ref, r)
          .assertWithin(REFERENCE_TOLERANCE);
    }
  }

  Stream<Arguments> windowStacks() {
    return withEach(Specs.windowed().stream().map(s -> Named.of(Specs.describe(s), s)).toList());
  }

  /**
   * Window stacks (a backward direction over the last {@code W} events and attention, {@code
   * stack.window}): 12 steps of 13 rows in batches of 5, 5 and 3, and in one batch of 13 (more than
   * a tile), so that young keys' masked windows and full, sliding ones are both checked.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("windowStacks")
  void agreesWithTheReferenceForWindowStacks(KernelUnderTest kernel, ModelSpec spec) {
    Run run = new Run(spec, 29, 31, 12, 13);
    SequenceRunner.Result ref = run.reference();
    for (int chunk : new int[] {5, 13}) {
      try (StepKernel k = kernel.create(run.weights())) {
        SequenceRunner.Result r = SequenceRunner.kernel(k, run.inputs(), null, null, chunk);
        Errors.between(kernel + ", " + Specs.describe(spec) + ", chunk " + chunk, kernel, ref, r)
            .assertWithin(REFERENCE_TOLERANCE);
      }
    }
  }

  /**
   * Batches that are no multiple of a tile (6 rows on AVX2, 12 on AVX-512): one row, part of a
   * tile, a few tiles and a part, and more than a block of the fast kernel (192 rows), which two
   * threads share in chunks with a ragged last one; 3 steps of the standard model and the mixed
   * one.
   */
  Stream<Arguments> batchSizes() {
    return withEach(List.of(1, 3, 7, 17, 255, 256, 257, 1000));
  }

  @ParameterizedTest(name = "{0}: batch {1}")
  @MethodSource("batchSizes")
  void agreesWithTheReferenceAtBatchSizesThatAreNoMultipleOfATile(
      KernelUnderTest kernel, int batch) {
    for (ModelSpec spec : new ModelSpec[] {standard(), MIXED}) {
      Run run = new Run(spec, batch, batch, 3, batch);
      SequenceRunner.Result ref = run.reference();
      try (StepKernel k = kernel.create(run.weights())) {
        SequenceRunner.Result r = SequenceRunner.kernel(k, run.inputs(), null, null, batch);
        Errors.between(kernel + ", " + name(spec) + ", batch " + batch, kernel, ref, r)
            .assertWithin(REFERENCE_TOLERANCE);
      }
    }
  }

  /**
   * The standard models (plain, peephole, projected, grid), 19 rows, and a small highway model, 4
   * rows: 6 steps.
   */
  Stream<Arguments> floatReferenceCases() {
    List<Named<Run>> runs = new ArrayList<>();
    for (StandardModels.Preset preset : StandardModels.Preset.values()) {
      runs.add(Named.of(preset.name(), new Run(StandardModels.spec(preset), 11, 5, 6, 19)));
    }
    ModelSpec small = Specs.everyCombination().get(10);
    runs.add(Named.of(Specs.describe(small), new Run(small, 11, 5, 6, 4)));
    return withEach(runs);
  }

  /**
   * Against the reference rounded to float at every step, as the kernels round their states: the
   * whole batch in one call per step.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("floatReferenceCases")
  void agreesWithTheFloatReferenceKernelStepByStep(KernelUnderTest kernel, Run run) {
    SequenceRunner.Result ref;
    try (StepKernel k = new ReferenceKernel(run.weights())) {
      ref = SequenceRunner.kernel(k, run.inputs(), null, null, run.batch());
    }
    try (StepKernel k = kernel.create(run.weights())) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, run.inputs(), null, null, run.batch());
      Errors.between(kernel + " vs the float reference, " + name(run.spec()), kernel, ref, r)
          .assertWithin(REFERENCE_TOLERANCE);
    }
  }

  /**
   * With hard gates, where {@code i = 0} the cell is kept ({@code f = 1}) or cleared ({@code f =
   * 0}) exactly, not within a tolerance; the reference says which gates are which.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void hardGatesKeepOrClearTheCellExactly(KernelUnderTest kernel) {
    ModelSpec spec = standard().withGates(GateSpec.STANDARD.hardened());
    ModelWeights w = RandomWeights.of(spec, 13, 0.3);
    ReferenceModel ref = new ReferenceModel(w);
    StateLayout layout = spec.stateLayout();
    int hidden = spec.cell().hidden();
    SplittableRandom random = new SplittableRandom(13);
    float[] state = randomFloats(random, layout.size());
    int kept = 0;
    int cleared = 0;
    try (StepKernel k = kernel.create(w)) {
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
              assertThat(c)
                  .as("kept cell %d of layer %d", n, layer)
                  .isEqualTo(before[layout.cOffset(layer) + n]);
              kept++;
            } else if (i == 0.0 && f == 0.0) {
              assertThat(c).as("cleared cell %d of layer %d", n, layer).isEqualTo(0f);
              cleared++;
            }
          }
        }
      }
    }
    System.out.printf(
        "%s, hard gates: %d cells kept exactly, %d cleared exactly%n", kernel, kept, cleared);
    assertThat(kept).isPositive();
    assertThat(cleared).isPositive();
  }

  // ---------------------------------------------------------------------------------------------
  // A row's result does not depend on its batch

  /** One row of a batch of 256, and the same row stepped alone, for five steps. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void aRowSteppedAloneEqualsTheSameRowInABatchOf256(KernelUnderTest kernel) {
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
      int horizon = spec.head().outputs();
      float[] forecast = new float[batch * horizon];
      float[] aloneForecast = new float[horizon];
      try (StepKernel k = kernel.create(w)) {
        for (int t = 0; t < 5; t++) {
          k.step(batch, x, state, null, forecast);
          k.step(1, aloneX, aloneState, null, aloneForecast);
        }
      }
      new Errors(
              String.format(
                  "%s, %s: row %d alone vs in a batch of %d",
                  kernel, Specs.describe(spec), row, batch))
          .add("state", maxAbsDiff(aloneState, rowOf(state, row, s)))
          .add("forecast", maxAbsDiff(aloneForecast, rowOf(forecast, row, horizon)))
          .assertWithin(BATCH_TOLERANCE);
    }
  }

  /**
   * One row, in the middle of batches that step it through every path of the fast kernel's
   * micro-kernel: alone (batches 1 and 2), in a six-row half tile (3 and 6 where tiles have 12
   * rows, on AVX-512), in a full tile with other rows (the rest), split between threads (200 and
   * 256 with two threads).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void aRowsResultDoesNotDependOnTheBatchItIsSteppedIn(KernelUnderTest kernel) {
    ModelSpec spec = MIXED;
    ModelWeights w = RandomWeights.of(spec, 23);
    int s = spec.stateLayout().size();
    int horizon = spec.head().outputs();
    SplittableRandom random = new SplittableRandom(23);
    float[] x0 = randomFloats(random, spec.inputSize());
    float[] s0 = randomFloats(random, s);
    float[] expected = null;
    try (StepKernel k = kernel.create(w)) {
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
        new Errors(String.format("%s: row %d of a batch of %d vs alone", kernel, row, batch))
            .add("state and forecast", maxAbsDiff(expected, result))
            .assertWithin(BATCH_TOLERANCE);
      }
    }
  }

  /** A batch of 200 rows, and the same rows in another order, for three steps. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void permutingTheRowsOfABatchPermutesItsResults(KernelUnderTest kernel) {
    ModelSpec spec = MIXED;
    ModelWeights w = RandomWeights.of(spec, 29);
    int batch = 200;
    int in = spec.inputSize();
    int s = spec.stateLayout().size();
    int r = spec.outputSize();
    int horizon = spec.head().outputs();
    SplittableRandom random = new SplittableRandom(29);
    int[] order = new int[batch]; // row b of the permuted batch is row order[b] of the first
    for (int b = 0; b < batch; b++) {
      order[b] = b;
    }
    for (int b = batch - 1; b > 0; b--) {
      int j = random.nextInt(b + 1);
      int t = order[b];
      order[b] = order[j];
      order[j] = t;
    }
    float[] state = randomFloats(random, batch * s);
    float[] permState = permute(state, order, s);
    float[] output = new float[batch * r];
    float[] permOutput = new float[batch * r];
    float[] forecast = new float[batch * horizon];
    float[] permForecast = new float[batch * horizon];
    try (StepKernel k = kernel.create(w)) {
      for (int t = 0; t < 3; t++) {
        float[] x = randomFloats(random, batch * in);
        k.step(batch, x, state, output, forecast);
        k.step(batch, permute(x, order, in), permState, permOutput, permForecast);
      }
    }
    Errors e = new Errors(kernel + ": a batch of " + batch + " vs its rows permuted");
    e.add("state", maxAbsDiff(permute(state, order, s), permState));
    if (kernel.writesOutput()) {
      e.add("output", maxAbsDiff(permute(output, order, r), permOutput));
    }
    e.add("forecast", maxAbsDiff(permute(forecast, order, horizon), permForecast))
        .assertWithin(BATCH_TOLERANCE);
  }

  // ---------------------------------------------------------------------------------------------
  // The arrays

  /**
   * The state is updated in place; the output, when asked, is the top layer's {@code h} (a plain
   * stack); leaving the output or the forecast out (null) changes nothing else.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void stepsTheStateInPlaceAndWritesTheOutputAndForecastOnlyWhenAsked(KernelUnderTest kernel) {
    ModelSpec spec = standard();
    ModelWeights w = RandomWeights.of(spec, 2);
    int batch = 3;
    int s = spec.stateLayout().size();
    int r = spec.outputSize();
    int horizon = spec.head().outputs();
    SplittableRandom random = new SplittableRandom(2);
    float[] x = randomFloats(random, batch * spec.inputSize());
    float[] initial = randomFloats(random, batch * s);
    float[] state = initial.clone();
    float[] output = new float[batch * r];
    float[] forecast = new float[batch * horizon];
    float[] noForecastState = initial.clone();
    float[] noForecastOutput = new float[batch * r];
    float[] noOutputState = initial.clone();
    float[] noOutputForecast = new float[batch * horizon];
    float[] neitherState = initial.clone();
    try (StepKernel k = kernel.create(w)) {
      k.step(batch, x, state, output, forecast);
      k.step(batch, x, noForecastState, noForecastOutput, null);
      k.step(batch, x, noOutputState, null, noOutputForecast);
      k.step(batch, x, neitherState, null, null);
    }
    for (int b = 0; b < batch; b++) {
      assertThat(rowOf(state, b, s))
          .as("row %d stepped in place", b)
          .isNotEqualTo(rowOf(initial, b, s));
    }
    Errors e =
        new Errors(kernel + ": without the forecast, the output or both, vs with both")
            .add("state without the forecast", maxAbsDiff(state, noForecastState))
            .add("state without the output", maxAbsDiff(state, noOutputState))
            .add("state without either", maxAbsDiff(state, neitherState))
            .add("forecast without the output", maxAbsDiff(forecast, noOutputForecast));
    if (kernel.writesOutput()) {
      e.add("output without the forecast", maxAbsDiff(output, noForecastOutput));
    }
    e.assertWithin(BATCH_TOLERANCE);
    if (kernel.writesOutput()) {
      int top = spec.stateLayout().hOffset(spec.layers() - 1);
      for (int b = 0; b < batch; b++) {
        float[] h = new float[r];
        System.arraycopy(state, b * s + top, h, 0, r);
        assertThat(rowOf(output, b, r)).as("row %d's output", b).containsExactly(h);
      }
    }
  }

  /**
   * Arrays longer than the batch: only the first {@code B} rows are read and written (the rows
   * after them hold NaN, and keep it).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void readsAndWritesOnlyTheBatchsRowsOfLongerArrays(KernelUnderTest kernel) {
    ModelSpec spec = MIXED;
    ModelWeights w = RandomWeights.of(spec, 31);
    int batch = 13;
    int rows = 20;
    int in = spec.inputSize();
    int s = spec.stateLayout().size();
    int r = spec.outputSize();
    int horizon = spec.head().outputs();
    SplittableRandom random = new SplittableRandom(31);
    float[] x = randomFloats(random, batch * in);
    float[] state = randomFloats(random, batch * s);
    float[] output = new float[batch * r];
    float[] forecast = new float[batch * horizon];
    float[] longX = padded(x, rows * in);
    float[] longState = padded(state, rows * s);
    float[] longOutput = padded(new float[batch * r], rows * r);
    float[] longForecast = padded(new float[batch * horizon], rows * horizon);
    try (StepKernel k = kernel.create(w)) {
      for (int t = 0; t < 2; t++) {
        k.step(batch, x, state, output, forecast);
        k.step(batch, longX, longState, longOutput, longForecast);
      }
    }
    Errors e =
        new Errors(kernel + ": " + batch + " rows of arrays of " + rows + " vs arrays of " + batch)
            .add("state", maxAbsDiff(state, head(longState, batch * s)))
            .add("forecast", maxAbsDiff(forecast, head(longForecast, batch * horizon)));
    if (kernel.writesOutput()) {
      e.add("output", maxAbsDiff(output, head(longOutput, batch * r)));
    }
    e.assertWithin(BATCH_TOLERANCE);
    assertTail("x", longX, batch * in);
    assertTail("state", longState, batch * s);
    assertTail("output", longOutput, batch * r);
    assertTail("forecast", longForecast, batch * horizon);
  }

  /**
   * A batch larger than its arrays is refused with an exception, not stepped from whatever memory
   * follows; a kernel that checks its arguments says which array is short and how long it must be,
   * and refuses an empty batch.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void refusesArraysTooShortForTheBatch(KernelUnderTest kernel) {
    ModelSpec spec = standard();
    int in = spec.inputSize();
    int s = spec.stateLayout().size();
    try (StepKernel k = kernel.create(RandomWeights.of(spec, 1))) {
      float[] x = new float[4 * in];
      float[] shortState = new float[3 * s];
      float[] shortX = new float[3 * in];
      float[] state = new float[4 * s];
      if (kernel.checksArguments()) {
        assertThatThrownBy(() -> k.step(4, x, shortState, null, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("state holds " + shortState.length + " floats")
            .hasMessageContaining("a batch of 4 needs " + 4 * s);
        assertThatThrownBy(() -> k.step(4, shortX, state, null, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("x holds " + shortX.length + " floats")
            .hasMessageContaining("a batch of 4 needs " + 4 * in);
        assertThatThrownBy(() -> k.step(0, x, state, null, null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("batch must be at least 1");
      } else {
        assertThatThrownBy(() -> k.step(4, x, shortState, null, null))
            .isInstanceOfAny(IllegalArgumentException.class, IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> k.step(4, shortX, state, null, null))
            .isInstanceOfAny(IllegalArgumentException.class, IndexOutOfBoundsException.class);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static ModelSpec standard() {
    return StandardModels.spec(StandardModels.Preset.STANDARD);
  }

  /** A standard model's id, or what a test model is made of. */
  private static String name(ModelSpec spec) {
    return spec.id().equals("test") ? Specs.describe(spec) : spec.id();
  }

  /**
   * A random run of a model: weights and a sequence {@code x (steps, batch, I)} from seeds.
   *
   * @param spec the model
   * @param weightSeed seed of {@link RandomWeights}
   * @param inputSeed seed of the inputs
   * @param steps {@code T}
   * @param batch {@code B}
   */
  record Run(ModelSpec spec, long weightSeed, long inputSeed, int steps, int batch) {

    ModelWeights weights() {
      return RandomWeights.of(spec, weightSeed);
    }

    Tensor inputs() {
      return randomTensor(inputSeed, steps, batch, spec.inputSize());
    }

    /** The double-precision reference's result, computed once per JVM. */
    SequenceRunner.Result reference() {
      return REFERENCE_RUNS.computeIfAbsent(
          this, r -> SequenceRunner.reference(r.weights(), r.inputs(), null, null));
    }
  }

  private static final Map<Run, SequenceRunner.Result> REFERENCE_RUNS = new HashMap<>();

  /**
   * Largest absolute errors of named results of one check, printed on one line and each held to the
   * check's tolerance.
   */
  static final class Errors {

    private final String what;
    private final Map<String, Double> errors = new LinkedHashMap<>();

    Errors(String what) {
      this.what = what;
    }

    /** The outputs (where the kernel writes them), final states and forecasts of two runs. */
    static Errors between(
        String what,
        KernelUnderTest kernel,
        SequenceRunner.Result expected,
        SequenceRunner.Result actual) {
      Errors e = new Errors(what);
      if (kernel.writesOutput()) {
        e.add("y", maxAbsDiff(expected.y(), actual.y()));
      }
      e.add("h_n", maxAbsDiff(expected.hn(), actual.hn()));
      e.add("c_n", maxAbsDiff(expected.cn(), actual.cn()));
      if (expected.forecast() != null) {
        e.add("forecast", maxAbsDiff(expected.forecast(), actual.forecast()));
      }
      return e;
    }

    Errors add(String name, double error) {
      errors.put(name, error);
      return this;
    }

    void assertWithin(double tolerance) {
      StringBuilder line = new StringBuilder(what).append(": max |err|");
      errors.forEach((name, err) -> line.append(String.format(" %s %.2e", name, err)));
      System.out.println(line);
      errors.forEach(
          (name, err) ->
              assertThat(err).as("%s: max |err| of %s", what, name).isLessThanOrEqualTo(tolerance));
    }
  }

  private static float[] rowOf(float[] rows, int row, int width) {
    float[] out = new float[width];
    System.arraycopy(rows, row * width, out, 0, width);
    return out;
  }

  /** Row {@code b} of the result is row {@code order[b]} of {@code rows}. */
  private static float[] permute(float[] rows, int[] order, int width) {
    float[] out = new float[rows.length];
    for (int b = 0; b < order.length; b++) {
      System.arraycopy(rows, order[b] * width, out, b * width, width);
    }
    return out;
  }

  /** {@code values} followed by NaN up to {@code length}. */
  private static float[] padded(float[] values, int length) {
    float[] out = new float[length];
    Arrays.fill(out, Float.NaN);
    System.arraycopy(values, 0, out, 0, values.length);
    return out;
  }

  private static float[] head(float[] values, int length) {
    return Arrays.copyOf(values, length);
  }

  private static void assertTail(String name, float[] values, int from) {
    for (int i = from; i < values.length; i++) {
      assertThat(values[i]).as("%s[%d], after the batch's rows", name, i).isNaN();
    }
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
