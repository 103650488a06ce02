package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contenders of section {@code lowrank}: the dense model and its factored copies. */
class LowRankSectionTest {

  @Test
  void comparesTheDenseModelWithItsCopiesAtHalfAQuarterAndAnEighthOfItsRank() {
    ModelWeights dense = RandomWeights.of(LowRankSection.trainedShape(), 1);
    Map<String, ModelWeights> m = LowRankSection.models(dense);
    assertThat(m.keySet()).containsExactly("dense", "K=48", "K=24", "K=12");
    assertThat(m.get("K=24").spec().cell().rank()).isEqualTo(24);
    // one layer, I = 6 < K: only W_hh is factored, 2·(24·96 + 384·24) against 2·96·384
    long head = 2L * (96 + 14) * 5 * 7; // the head's 5 quantile levels of 7 steps
    assertThat(StepFlops.perEvent(m.get("dense").spec())).isEqualTo(2L * (6 + 96) * 384 + head);
    assertThat(StepFlops.perEvent(m.get("K=24").spec()))
        .isEqualTo(2L * 6 * 384 + 2L * (24 * 96 + 384 * 24) + head);
  }
}
