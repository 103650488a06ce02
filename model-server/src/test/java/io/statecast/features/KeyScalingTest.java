package io.statecast.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.model.CellSpec;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyScalingTest {

  @TempDir Path dir;

  private final ModelSpec spec =
      new ModelSpec(
          null,
          "scaled",
          1,
          null,
          new InputSpec(
              List.of(
                  new FeatureSpec("value", FeatureKind.TARGET, 0, 100.0, 50.0),
                  new FeatureSpec("dow_sin", FeatureKind.DAY_OF_WEEK_SIN, 0, 0, 1))),
          CellSpec.fused(4),
          new StackSpec(1, null),
          new HeadSpec(3, 0, 0));

  private final KeyScaling scaling =
      KeyScaling.of(
          Map.of(
              "busy", new KeyScaling.Scale(20_000, 4_000, 10),
              "quiet", new KeyScaling.Scale(2.5, 0.5, 10)));

  @Test
  void fitsMeanAndPopulationStdAndCentresConstantSeries() {
    KeyScaling.Scale s = KeyScaling.fit(new double[] {1, 2, 3, 4, 99}, 4);
    assertThat(s.mean()).isEqualTo(2.5);
    assertThat(s.std()).isCloseTo(Math.sqrt(1.25), within(1e-12));
    assertThat(s.count()).isEqualTo(4);
    assertThat(KeyScaling.fit(new double[] {7, 7, 7}, 3).std()).isEqualTo(1.0);
  }

  @Test
  void normalisesEachKeyWithItsOwnStatisticsAndComesBackExactly()
      throws InvalidObservationException {
    FeatureEncoder e = FeatureEncoder.of(spec, scaling);
    double worst = 0;
    for (String key : new String[] {"busy", "quiet", "never-seen"}) {
      for (double v : new double[] {0.0, 1.75, 19_000.0, 23_456.5}) {
        float[] x = new float[2];
        e.encode(obs(key, (float) v), FeatureEncoder.NO_PREVIOUS, x, 0);
        KeyScaling.Scale s = scaling.get(key);
        double expected = s == null ? (v - 100.0) / 50.0 : (v - s.mean()) / s.std();
        assertThat((double) x[0]).isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
        float[] back = new float[1];
        e.forecastToUnits(key, x, 0, 1, back, 0);
        double mean = s == null ? 100.0 : s.mean();
        double std = s == null ? 50.0 : s.std();
        // float32 carries z, so the error is relative to the key's scale |μ| + σ·(1 + |z|)
        worst =
            Math.max(worst, Math.abs(back[0] - v) / (Math.abs(mean) + std * (1 + Math.abs(x[0]))));
      }
    }
    System.out.printf(
        "normalisation round trip: largest error relative to the key's scale %.2e (tolerance"
            + " 1e-6)%n",
        worst);
    assertThat(worst).isLessThan(1e-6);
  }

  @Test
  void travelsInTheArtifactAndIsPickedUpByTheEncoder() throws Exception {
    assertThat(KeyScaling.fromJson(scaling.toJson(), "test").keys()).isEqualTo(scaling.keys());
    ModelArtifact a =
        ModelArtifact.write(
            dir.resolve("m"), RandomWeights.of(spec, 1), Map.of(KeyScaling.FILE, scaling.toJson()));
    FeatureEncoder e = FeatureEncoder.of(a);
    float[] x = new float[2];
    e.encode(obs("busy", 24_000f), FeatureEncoder.NO_PREVIOUS, x, 0);
    assertThat(x[0]).isEqualTo(1f);
    ModelArtifact plain =
        ModelArtifact.write(dir.resolve("p"), RandomWeights.of(spec, 1), Map.of());
    FeatureEncoder.of(plain).encode(obs("busy", 200f), FeatureEncoder.NO_PREVIOUS, x, 0);
    assertThat(x[0]).isEqualTo(2f); // (200 − 100) / 50: no per-key file, the spec's scaling
  }

  @Test
  void aLocalArtifactWithTheFileOutsideItsManifestIsRefused() throws Exception {
    ModelArtifact plain =
        ModelArtifact.write(dir.resolve("edited"), RandomWeights.of(spec, 1), Map.of());
    Files.write(dir.resolve("edited").resolve(KeyScaling.FILE), scaling.toJson());
    ModelArtifact reloaded = ModelArtifact.load(dir.resolve("edited"));
    assertThatThrownBy(() -> FeatureEncoder.of(reloaded))
        .hasMessageContaining(KeyScaling.FILE)
        .hasMessageContaining("not in the artifact's manifest");
  }

  private static Observation obs(String key, float v) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(0L)
        .setFeatures(List.of())
        .setNamed(Map.of())
        .setTarget(v)
        .build();
  }
}
