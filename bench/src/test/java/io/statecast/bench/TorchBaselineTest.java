package io.statecast.bench;

import static io.statecast.testing.Fixtures.maxAbsDiff;
import static io.statecast.testing.RandomData.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statecast.cell.SequenceRunner;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import io.statecast.tensor.Tensor;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel section's PyTorch baseline ({@code bench/torch_lstmcell.py}) computes the model the
 * kernels compute: the same weights stepped over a sequence give the reference's forecasts. Needs
 * Debian's {@code python3-torch} ({@code bench/setup}); skips without it.
 */
class TorchBaselineTest {

  /** fp32 PyTorch against the double-precision reference, over a few steps. */
  private static final double TOLERANCE = 1e-5;

  private static final Path SCRIPT = KernelBench.torchScript(Path.of("..").toAbsolutePath());

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = StandardModels.Preset.class,
      names = {"STANDARD", "STANDARD_PROJECTION"})
  void theBaselineForecastsWhatTheReferenceForecasts(StandardModels.Preset preset)
      throws Exception {
    Optional<String> unavailable = TorchPeer.unavailableReason(SCRIPT);
    assumeTrue(unavailable.isEmpty(), () -> "PyTorch baseline not runnable: " + unavailable.get());
    ModelWeights w = RandomWeights.of(StandardModels.spec(preset), 11);
    Tensor x = randomTensor(5, 4, 7, w.spec().inputSize()); // (T, B, I)
    Tensor expected = SequenceRunner.reference(w, x, null, null).forecast();
    Tensor torch = TorchPeer.forecasts(SCRIPT, w, x, dir);
    assertThat(torch.shape()).containsExactly(expected.shape());
    double err = maxAbsDiff(expected, torch);
    System.out.printf("PyTorch baseline, %s: max |err| of the forecasts %.2e%n", preset, err);
    assertThat(err).isLessThanOrEqualTo(TOLERANCE);
  }
}
