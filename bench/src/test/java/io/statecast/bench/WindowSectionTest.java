package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contenders of section {@code window}: the plain model and its windowed copies. */
class WindowSectionTest {

  @Test
  void comparesThePlainModelWithWindowsOf4To32Events() {
    ModelWeights plain = RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 1);
    Map<String, ModelWeights> m = WindowSection.models(plain);
    assertThat(m.keySet()).containsExactly("plain", "W=4", "W=8", "W=16", "W=32");
    ModelSpec w8 = m.get("W=8").spec();
    assertThat(w8.stack().windowSize()).isEqualTo(8);
    assertThat(w8.cell()).isEqualTo(plain.spec().cell());
    // layer 1 reads 2H instead of H; the window adds 8 backward steps of layer 0 and the attention
    long i = plain.spec().inputSize();
    long h = plain.spec().cell().hidden();
    long extra = 2 * h * 4 * h + 8 * (2 * (i + h) * 4 * h) + 8 * 8 * h;
    assertThat(StepFlops.perEvent(w8)).isEqualTo(StepFlops.perEvent(plain.spec()) + extra);
  }
}
