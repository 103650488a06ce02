package io.statecast.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.features.KeyScaling;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key weights: {@code scale} weighs key {@code k} by {@code σ_k / mean σ}, and a batch of two keys
 * so weighted gives the MAE loss of the pooled errors in data units divided by the mean σ, computed
 * here by hand from the keys' normalised errors.
 */
class KeyWeightsTest {

  private static final List<KeyScaling.Scale> SCALES =
      List.of(new KeyScaling.Scale(10, 1, 100), new KeyScaling.Scale(50, 3, 100));

  @Test
  void scaleWeightsAreTheStdOverTheMeanStdAndEqualWeightsAreOne() {
    assertThat(KeyWeights.SCALE.of(SCALES)).containsExactly(0.5, 1.5);
    assertThat(KeyWeights.EQUAL.of(SCALES)).containsExactly(1.0, 1.0);
    assertThat(KeyWeights.SCALE.of(List.of())).isEmpty();
    // √1 = 1 and √3 = 1.7321, mean 1.3660
    assertThat(KeyWeights.SQRT_SCALE.of(SCALES))
        .containsExactly(new double[] {0.7321, 1.2679}, within(1e-4));
    assertThat(KeyWeights.parse("Sqrt-Scale")).isEqualTo(KeyWeights.SQRT_SCALE);
  }

  @Test
  void aScaleWeightedBatchScoresThePooledErrorInDataUnits() {
    // two keys of 4 observations, one input (the normalised target), horizon 1, fit part all 4
    float[] za = {0f, 1f, -1f, 2f};
    float[] zb = {1f, 0f, 2f, -2f};
    double[] w = KeyWeights.SCALE.of(SCALES);
    List<KeyData> keys =
        List.of(new KeyData("a", za, za, 4, w[0]), new KeyData("b", zb, zb, 4, w[1]));
    List<SegmentPlan.Row> rows =
        List.of(new SegmentPlan.Row(0, 0, 0, 4), new SegmentPlan.Row(1, 0, 0, 4));
    Batch batch = Batch.of(rows, keys, 1, 1, 0, 4);
    // steps 0..2 of each row are scored (their target, one step ahead, lies in the fit part)
    assertThat(batch.scored()).isCloseTo(3 * (0.5 + 1.5), within(1e-12));
    // forecast 0 everywhere: the normalised error of step p is z_{p+1}
    DjlRuntime.engine();
    try (NDManager m = NDManager.newBaseManager()) {
      float loss =
          Losses.loss(
                  LossKind.MAE,
                  List.of(),
                  m.zeros(new Shape(4, 2, 1)),
                  m.create(batch.y(), new Shape(4, 2, 1)),
                  m.create(batch.mask(), new Shape(4, 2, 1)),
                  batch.scored())
              .getFloat();
      // data units: key a (σ 1) errors 1, 1, 2; key b (σ 3) errors 3·(0, 2, 2)
      double pooled = (1 + 1 + 2 + 3 * (0 + 2 + 2)) / 6.0;
      double meanStd = 2;
      assertThat(loss).isCloseTo((float) (pooled / meanStd), within(1e-6f));
    }
  }
}
