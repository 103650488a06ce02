package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.model.WeightNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conformal rank and where the adjustment goes, by hand. */
class ConformalTest {

  @Test
  void qHatIsTheCeilingOfCoverageTimesNPlusOneThSmallestScore() {
    double[] scores = {0.9, -0.1, 0.3, 0.7, -0.5, 0.1, 0.5, -0.3, 0.2};
    // n = 9: ⌈0.8 · 10⌉ = 8th smallest of −0.5 −0.3 −0.1 0.1 0.2 0.3 0.5 0.7 0.9
    assertThat(Conformal.quantile(scores, 0.8)).isEqualTo(0.7);
    // ⌈0.5 · 10⌉ = 5th smallest
    assertThat(Conformal.quantile(scores, 0.5)).isEqualTo(0.2);
    // ⌈0.95 · 10⌉ = 10 > n: the largest
    assertThat(Conformal.quantile(scores, 0.95)).isEqualTo(0.9);
    assertThat(Conformal.quantile(new double[0], 0.8)).isZero();
    assertThat(Conformal.coverage(scores)).isEqualTo(3 / 9.0);
  }

  @Test
  void theAdjustmentLowersTheLowerBlockAndRaisesTheUpperBlockOfItsStep() {
    HeadSpec head = new HeadSpec(2, 0, 0, List.of(0.1, 0.25, 0.5, 0.75, 0.9), false);
    ModelSpec spec =
        new ModelSpec(
            null,
            "c",
            1,
            null,
            InputSpec.raw(1),
            new CellSpec(CellVariant.FUSED, 3, 0, GateSpec.STANDARD),
            new StackSpec(1, Connection.PLAIN),
            head);
    ModelWeights w = RandomWeights.of(spec, 1, 0);
    double[][] q = {{0.5, -0.25}, {1.0, 2.0}}; // 80%: steps 1, 2; 50%: steps 1, 2
    double[] b = w.tensors().get(WeightNames.HEAD_BIAS).data();
    double[] c =
        Conformal.shifted(w, head.intervals(), q).tensors().get(WeightNames.HEAD_BIAS).data();
    double[] delta = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      delta[i] = c[i] - b[i];
    }
    // level-major blocks of 2: τ 0.1 | 0.25 | 0.5 | 0.75 | 0.9; float32 biases
    assertThat(delta)
        .containsExactly(
            new double[] {-0.5, 0.25, -1.0, -2.0, 0, 0, 1.0, 2.0, 0.5, -0.25}, within(1e-6));
  }
}
