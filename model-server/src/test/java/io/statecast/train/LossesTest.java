package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.statecast.cell.djl.DjlRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pinball loss against a hand computation: levels 0.1, 0.5, 0.9 over two steps, {@code y = (1,
 * −2)}, forecasts (level-major) {@code ŷ_0.1 = (0.5, −1)}, {@code ŷ_0.5 = (1.5, −2.5)}, {@code
 * ŷ_0.9 = (3, −4)}, so {@code e = y − ŷ} is {@code (0.5, −1)}, {@code (−0.5, 0.5)}, {@code (−2, 2)}
 * and {@code ρ_τ(e) = max(τe, (τ − 1)e)} is {@code (0.05, 0.9)}, {@code (0.25, 0.25)}, {@code (0.2,
 * 1.8)}: 3.45 in all, over 2 scored points and 3 levels.
 */
class LossesTest {

  private static final List<Double> LEVELS = List.of(0.1, 0.5, 0.9);
  private static final float[] Y = {1f, -2f};
  private static final float[] PRED = {0.5f, -1f, 1.5f, -2.5f, 3f, -4f};

  @Test
  void pinballIsTheMeanOverLevelsAndScoredPointsOfRho() {
    DjlRuntime.engine();
    try (NDManager m = NDManager.newBaseManager()) {
      assertThat(pinball(m, new float[] {1, 1}, 2).getFloat()).isCloseTo(3.45f / 6, within(1e-6f));
      // only step 1 scored: (0.05 + 0.25 + 0.2) / (1 · 3)
      assertThat(pinball(m, new float[] {1, 0}, 1).getFloat()).isCloseTo(0.5f / 3, within(1e-6f));
    }
  }

  @Test
  void pinballGradientIsMinusTauAboveAndOneMinusTauBelow() {
    DjlRuntime.engine();
    try (NDManager m = NDManager.newBaseManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray pred = m.create(PRED, new Shape(1, 1, 6));
      pred.setRequiresGradient(true);
      NDArray l =
          Losses.loss(
              LossKind.PINBALL,
              LEVELS,
              pred,
              m.create(Y, new Shape(1, 1, 2)),
              m.ones(new Shape(1, 1, 2)),
              2);
      gc.backward(l);
      // ∂ρ/∂ŷ = −τ where y > ŷ, 1 − τ where y < ŷ; divided by count · levels = 6
      float[] expected = {-0.1f, 0.9f, 0.5f, -0.5f, 0.1f, -0.9f};
      float[] g = pred.getGradient().toFloatArray();
      for (int i = 0; i < g.length; i++) {
        assertThat(g[i]).as("output %d", i).isCloseTo(expected[i] / 6, within(1e-6f));
      }
    }
  }

  @Test
  void theMedianLevelAloneIsHalfTheAbsoluteError() {
    DjlRuntime.engine();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray pred = m.create(new float[] {1.5f, -2.5f}, new Shape(1, 1, 2));
      NDArray y = m.create(Y, new Shape(1, 1, 2));
      NDArray mask = m.ones(new Shape(1, 1, 2));
      float median = Losses.loss(LossKind.PINBALL, List.of(0.5), pred, y, mask, 2).getFloat();
      float mae = Losses.loss(LossKind.MAE, List.of(), pred, y, mask, 2).getFloat();
      assertThat(mae).isCloseTo(0.5f, within(1e-6f));
      assertThat(median).isCloseTo(mae / 2, within(1e-6f));
    }
  }

  private static NDArray pinball(NDManager m, float[] mask, double count) {
    return Losses.loss(
        LossKind.PINBALL,
        LEVELS,
        m.create(PRED, new Shape(1, 1, 6)),
        m.create(Y, new Shape(1, 1, 2)),
        m.create(mask, new Shape(1, 1, 2)),
        count);
  }
}
