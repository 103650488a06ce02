package io.statecast.bench.naive;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomFloats;
import static io.statecast.testing.RandomData.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.cell.ReferenceKernel;
import io.statecast.cell.SequenceRunner;
import io.statecast.cell.StepKernel;
import io.statecast.imports.OnnxLstmImporter;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import io.statecast.tensor.Npz;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Fixtures;
import io.statecast.testing.Specs;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unfused bench cells against the double-precision reference: one step from random states at
 * several batch sizes against {@link ReferenceKernel} (the reference rounded to float) within
 * {@link #TOLERANCE}, and many steps against the whole-sequence reference ({@link
 * SequenceRunner#reference}) and PyTorch's {@code nn.LSTM} fixture.
 */
class UnfusedKernelsTest {

  /** Float32 against the reference, as every production kernel is held to. */
  static final double TOLERANCE = 1e-5;

  /** Float32 against the PyTorch fixtures: the rounding of their float32 inputs. */
  static final double FIXTURE_TOLERANCE = 2e-5;

  /** A small two-layer model with a head (H = 20: no multiple of a vector). */
  static final ModelSpec SMALL =
      Specs.of(
          CellVariant.FUSED,
          6,
          20,
          0,
          2,
          Connection.PLAIN,
          GateSpec.STANDARD,
          new HeadSpec(3, 0, 0));

  static Stream<Arguments> kernelsAndBatches() {
    List<Arguments> out = new ArrayList<>();
    for (Named<Function<ModelWeights, StepKernel>> k : kernels()) {
      for (ModelSpec spec : List.of(SMALL, StandardModels.spec(StandardModels.Preset.STANDARD))) {
        for (int batch : new int[] {1, 3, 8, 33, 256}) {
          out.add(Arguments.of(k, Named.of(spec.id(), spec), batch));
        }
      }
    }
    return out.stream();
  }

  static List<Named<Function<ModelWeights, StepKernel>>> kernels() {
    List<Named<Function<ModelWeights, StepKernel>>> out = new ArrayList<>();
    for (Loops loops : Loops.values()) {
      out.add(Named.of("naive, " + loops, w -> new NaiveKernel(w, loops)));
      out.add(Named.of("fused, " + loops, w -> new FusedKernel(w, loops)));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}, {1}, batch {2}")
  @MethodSource("kernelsAndBatches")
  void oneStepEqualsTheReferenceKernel(
      Function<ModelWeights, StepKernel> kernel, ModelSpec spec, int batch) {
    ModelWeights w = RandomWeights.of(spec, batch);
    SplittableRandom random = new SplittableRandom(31L * batch);
    int s = spec.stateLayout().size();
    float[] x = randomFloats(random, batch * spec.inputSize());
    float[] state = randomFloats(random, batch * s);
    float[] expectedState = state.clone();
    float[] expectedOut = new float[batch * spec.outputSize()];
    float[] expectedForecast = new float[batch * spec.head().outputs()];
    try (StepKernel ref = new ReferenceKernel(w)) {
      ref.step(batch, x, expectedState, expectedOut, expectedForecast);
    }
    float[] out = new float[expectedOut.length];
    float[] forecast = new float[expectedForecast.length];
    try (StepKernel k = kernel.apply(w)) {
      k.step(batch, x, state, out, forecast);
    }
    assertThat(maxAbsDiff(expectedState, state)).as("state").isLessThanOrEqualTo(TOLERANCE);
    assertThat(maxAbsDiff(expectedOut, out)).as("output").isLessThanOrEqualTo(TOLERANCE);
    assertThat(maxAbsDiff(expectedForecast, forecast))
        .as("forecast")
        .isLessThanOrEqualTo(TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void manyStepsEqualTheWholeSequenceReference(Function<ModelWeights, StepKernel> kernel) {
    ModelWeights w = RandomWeights.of(SMALL, 7);
    int steps = 12;
    int batch = 13;
    Tensor x = randomTensor(7, steps, batch, SMALL.inputSize());
    Tensor h0 = randomTensor(8, SMALL.layers(), batch, SMALL.outputSize());
    Tensor c0 = randomTensor(9, SMALL.layers(), batch, SMALL.cell().hidden());
    SequenceRunner.Result ref = SequenceRunner.reference(w, x, h0, c0);
    try (StepKernel k = kernel.apply(w)) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, x, h0, c0, 5);
      assertThat(maxAbsDiff(ref.y(), r.y())).as("y").isLessThanOrEqualTo(TOLERANCE);
      assertThat(maxAbsDiff(ref.hn(), r.hn())).as("h_n").isLessThanOrEqualTo(TOLERANCE);
      assertThat(maxAbsDiff(ref.cn(), r.cn())).as("c_n").isLessThanOrEqualTo(TOLERANCE);
      assertThat(maxAbsDiff(ref.forecast(), r.forecast()))
          .as("forecast")
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void reproducesPyTorchsWholeSequenceLstm(Function<ModelWeights, StepKernel> kernel)
      throws IOException {
    Map<String, Tensor> f = torchFixture(Fixtures.LSTM_F32);
    ModelWeights w = Fixtures.torchWeights(f, Fixtures.LSTM_F32);
    try (StepKernel k = kernel.apply(w)) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, f.get("x"), f.get("h0"), f.get("c0"), 3);
      assertThat(maxAbsDiff(f.get("y"), r.y())).as("y").isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(maxAbsDiff(f.get("h_n"), r.hn())).as("h_n").isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(maxAbsDiff(f.get("c_n"), r.cn())).as("c_n").isLessThanOrEqualTo(FIXTURE_TOLERANCE);
    }
  }

  /** The small model with the production (diagonal) peepholes. */
  static final ModelSpec SMALL_PEEPHOLE =
      Specs.of(
          CellVariant.PEEPHOLE,
          6,
          20,
          0,
          2,
          Connection.PLAIN,
          GateSpec.STANDARD,
          new HeadSpec(3, 0, 0));

  static Stream<Arguments> peepholeModelsAndBatches() {
    List<Arguments> out = new ArrayList<>();
    for (Loops loops : Loops.values()) {
      for (ModelSpec spec :
          List.of(SMALL_PEEPHOLE, StandardModels.spec(StandardModels.Preset.STANDARD_PEEPHOLE))) {
        for (int batch : new int[] {1, 8, 33}) {
          out.add(Arguments.of(loops, Named.of(spec.id(), spec), batch));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, {1}, batch {2}")
  @MethodSource("peepholeModelsAndBatches")
  void fullPeepholeMatricesThatAreDiagonalComputeThePeepholeVariant(
      Loops loops, ModelSpec spec, int batch) {
    ModelWeights w = RandomWeights.of(spec, batch);
    Function<ModelWeights, StepKernel> full =
        m -> new NaiveKernel(m, loops, PeepholeMatrices.diagonal(m));
    oneStepEqualsTheReferenceKernel(full, spec, batch);
    Tensor x = randomTensor(batch, 6, batch, spec.inputSize());
    SequenceRunner.Result ref = SequenceRunner.reference(w, x, null, null);
    try (StepKernel k = full.apply(w)) {
      SequenceRunner.Result r = SequenceRunner.kernel(k, x, null, null, batch);
      assertThat(maxAbsDiff(ref.y(), r.y())).as("y").isLessThanOrEqualTo(TOLERANCE);
      assertThat(maxAbsDiff(ref.cn(), r.cn())).as("c_n").isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void fullPeepholeMatricesThatAreDiagonalReproduceTheOnnxPeepholeFixture() throws IOException {
    Map<String, Tensor> f = torchFixture(Fixtures.PEEPHOLE);
    ModelWeights w = OnnxLstmImporter.fromOnnx(f, "peephole", 1, Fixtures.PEEPHOLE);
    try (StepKernel k = new NaiveKernel(w, Loops.PLAIN, PeepholeMatrices.diagonal(w))) {
      SequenceRunner.Result r =
          SequenceRunner.kernel(
              k, f.get("X"), f.get("h0").reshape(1, 3, 8), f.get("c0").reshape(1, 3, 8), 3);
      assertThat(maxAbsDiff(f.get("Y"), r.y())).as("Y").isLessThanOrEqualTo(FIXTURE_TOLERANCE);
      assertThat(maxAbsDiff(f.get("Y_c").reshape(1, 3, 8), r.cn()))
          .as("Y_c")
          .isLessThanOrEqualTo(FIXTURE_TOLERANCE);
    }
  }

  @Test
  void offDiagonalPeepholeWeightsChangeTheStep() {
    ModelWeights w = RandomWeights.of(SMALL_PEEPHOLE, 3);
    int batch = 4;
    SplittableRandom random = new SplittableRandom(3);
    float[] x = randomFloats(random, batch * SMALL_PEEPHOLE.inputSize());
    float[] diagonal = randomFloats(random, batch * SMALL_PEEPHOLE.stateLayout().size());
    float[] full = diagonal.clone();
    PeepholeMatrices matrices = PeepholeMatrices.random(2, SMALL_PEEPHOLE.cell().hidden(), 3);
    try (StepKernel d = new NaiveKernel(w, Loops.TILED, PeepholeMatrices.diagonal(w));
        StepKernel m = new NaiveKernel(w, Loops.TILED, matrices)) {
      d.step(batch, x, diagonal, null, null);
      m.step(batch, x, full, null, null);
    }
    assertThat(maxAbsDiff(diagonal, full)).isGreaterThan(1e-2);
  }

  /** A fixture of model-server's test jar (Fixtures.load reads files, not jar entries). */
  static Map<String, Tensor> torchFixture(String name) throws IOException {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      assertThat(in).as(name).isNotNull();
      return Npz.read(in.readAllBytes(), name);
    }
  }

  @Test
  void refusesTheModelsItDoesNotCompute() {
    ModelSpec peephole = StandardModels.spec(StandardModels.Preset.STANDARD_PEEPHOLE);
    ModelSpec projected = StandardModels.spec(StandardModels.Preset.STANDARD_PROJECTION);
    for (ModelSpec spec : List.of(peephole, projected)) {
      ModelWeights w = RandomWeights.of(spec, 1);
      assertThatThrownBy(() -> new NaiveKernel(w, Loops.PLAIN))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(spec.id());
      assertThatThrownBy(() -> new FusedKernel(w, Loops.TILED))
          .isInstanceOf(IllegalArgumentException.class);
    }
    ModelWeights projectedWeights = RandomWeights.of(projected, 1);
    PeepholeMatrices matrices = PeepholeMatrices.random(2, projected.cell().hidden(), 1);
    assertThatThrownBy(() -> new NaiveKernel(projectedWeights, Loops.PLAIN, matrices))
        .isInstanceOf(IllegalArgumentException.class);
    ModelWeights fused = RandomWeights.of(SMALL, 1);
    assertThatThrownBy(() -> PeepholeMatrices.diagonal(fused))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
