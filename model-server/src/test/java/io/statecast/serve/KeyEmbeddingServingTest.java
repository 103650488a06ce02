package io.statecast.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.model.EmbeddingSource;
import io.statecast.model.EmbeddingSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RecordingPublisher;
import io.statecast.testing.ServingModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's stateful API passes each key to the encoder: a model with a key embedding forecasts
 * a known key from its own row and a key it has never seen from the unknown row, exactly as the
 * reference stepped offline with that key does, and differently for different keys.
 */
class KeyEmbeddingServingTest {

  @TempDir Path tmp;

  @Test
  void eachKeyIsSteppedWithItsOwnEmbeddingRow() throws Exception {
    ModelSpec plain = ServingModels.spec("keyed", 1);
    InputSpec in = plain.inputs();
    ModelSpec spec =
        new ModelSpec(
            null,
            "keyed",
            1,
            "key embedding",
            new InputSpec(
                in.features(),
                in.cadence(),
                List.of(new EmbeddingSpec("key", EmbeddingSource.KEY, 0, List.of("a", "b"), 3))),
            plain.cell(),
            plain.stack(),
            plain.head());
    ModelArtifact artifact = ServingModels.write(tmp.resolve("keyed-v1"), spec, 7, Map.of());
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("registry"), new RecordingPublisher());
    registry.add(artifact.directory());
    registry.promote("keyed", 1, StatePolicy.KEEP, "first");
    try (StatecastServer server =
        StatecastServer.start(
            TestServers.config(tmp.resolve("registry")).build(), new RecordingPublisher())) {
      Http http = new Http(server.uri());
      float[] a = post(http, artifact, "a");
      float[] b = post(http, artifact, "b");
      float[] stranger = post(http, artifact, "stranger");
      assertThat(a).isNotEqualTo(b);
      assertThat(stranger).isNotEqualTo(a).isNotEqualTo(b);
    }
  }

  /** Posts the same four observations under {@code key}; checks and returns the last forecast. */
  private static float[] post(Http http, ModelArtifact artifact, String key) {
    List<Observation> obs = TestServers.series(key, 4, 3);
    Http.Response r =
        http.post("/v1/models/keyed/keys/" + key + "/observations", TestServers.json(obs), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Offline offline = new Offline(artifact);
    float[] expected = null;
    for (Observation o : obs) {
      expected = offline.step(o);
    }
    JsonNode f = r.json().get("forecast");
    float[] got = new float[f.size()];
    for (int j = 0; j < got.length; j++) {
      got[j] = f.get(j).floatValue();
      assertThat(got[j]).isCloseTo(expected[j], within(1e-4f));
    }
    return got;
  }
}
