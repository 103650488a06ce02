package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.testing.EmbeddedModels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder appends the looked-up embedding rows to the numeric features. */
class EmbeddingLookupTest {

  private static final long WEDNESDAY = Instant.parse("2024-01-03T00:00:00Z").toEpochMilli();

  private final FeatureEncoder encoder =
      FeatureEncoder.of(EmbeddedModels.weights(), KeyScaling.none());

  @Test
  void appendsTheRowsOfTheKeyTheDayAndTheColumn() throws InvalidObservationException {
    assertThat(encoder.size()).isEqualTo(6);
    assertThat(EmbeddedModels.spec().inputSize()).isEqualTo(6);
    float[] x = new float[7];
    encoder.encode(observation("b", WEDNESDAY, 14f, 7f), FeatureEncoder.NO_PREVIOUS, x, 1);
    // value (14 − 10) / 2; key b = row 1; Wednesday = row 2; line 7 = row 1
    assertThat(x).containsExactly(0f, 2f, 10f, 11f, 120f, 210f, 211f);
  }

  @Test
  void keysAndValuesNeverSeenInTrainingReadTheUnknownRow() throws InvalidObservationException {
    float[] x = new float[6];
    encoder.encode(observation("new-key", WEDNESDAY, 10f, 5f), FeatureEncoder.NO_PREVIOUS, x, 0);
    assertThat(x).containsExactly(0f, 30f, 31f, 120f, 220f, 221f); // rows V: 3 and 2
    encoder.encode(observation(null, WEDNESDAY, 10f, 3f), FeatureEncoder.NO_PREVIOUS, x, 0);
    assertThat(x).containsExactly(0f, 30f, 31f, 120f, 200f, 201f);
  }

  @Test
  void trainingEncodesTheCodesThatServingLooksUp() throws InvalidObservationException {
    FeatureEncoder codes = FeatureEncoder.of(EmbeddedModels.spec());
    assertThat(codes.codedSize()).isEqualTo(4);
    float[] x = new float[4];
    long sunday = WEDNESDAY + 4 * 86_400_000L;
    codes.encodeCoded(observation("c", sunday, 12f, 3f), FeatureEncoder.NO_PREVIOUS, x, 0);
    assertThat(x).containsExactly(1f, 2f, 6f, 0f);
    codes.encodeCoded(observation("zz", sunday, 12f, 3.5f), FeatureEncoder.NO_PREVIOUS, x, 0);
    assertThat(x).containsExactly(1f, 3f, 6f, 2f);
    assertThatThrownBy(
            () ->
                codes.encode(
                    observation("c", sunday, 12f, 3f), FeatureEncoder.NO_PREVIOUS, new float[6], 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tables");
  }

  @Test
  void aColumnEmbeddingNeedsItsColumn() {
    assertThat(encoder.requiredFeatureCount()).isEqualTo(2);
    Observation short_ =
        Observation.newBuilder()
            .setKey("a")
            .setEventTime(WEDNESDAY)
            .setTarget(1f)
            .setFeatures(List.of(1f))
            .build();
    assertThatThrownBy(() -> encoder.encode(short_, FeatureEncoder.NO_PREVIOUS, new float[6], 0))
        .isInstanceOfSatisfying(
            InvalidObservationException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.WRONG_FEATURE_COUNT));
  }

  @Test
  void columnCategoriesAreTheValuesDecimalForm() {
    assertThat(Embeddings.columnCategory(3f)).isEqualTo("3");
    assertThat(Embeddings.columnCategory(-2f)).isEqualTo("-2");
    assertThat(Embeddings.columnCategory(2.5f)).isEqualTo("2.5");
  }

  static Observation observation(String key, long time, float target, float line) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(time)
        .setTarget(target)
        .setFeatures(List.of(0f, line))
        .build();
  }
}
