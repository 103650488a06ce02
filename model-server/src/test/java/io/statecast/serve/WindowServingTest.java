package io.statecast.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.model.ModelSpec;
import io.statecast.model.WindowSpec;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RecordingPublisher;
import io.statecast.testing.ServingModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A window stack streams through the server's stateful path like any model: its span travels in the
 * key's packed state, which the server keeps as an opaque {@code float[]}, so a key stepped two
 * observations per request, past the window's length, forecasts as the reference stepped offline.
 */
class WindowServingTest {

  @TempDir Path tmp;

  @Test
  void aKeysWindowIsKeptAcrossRequests() throws Exception {
    ModelSpec plain = ServingModels.spec("windowed", 1);
    ModelSpec spec =
        new ModelSpec(
            null,
            "windowed",
            1,
            "window of 3",
            plain.inputs(),
            plain.cell(),
            plain.stack().withWindow(new WindowSpec(3)),
            plain.head());
    ModelArtifact artifact = ServingModels.write(tmp.resolve("windowed-v1"), spec, 7, Map.of());
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("registry"), new RecordingPublisher());
    registry.add(artifact.directory());
    registry.promote("windowed", 1, StatePolicy.KEEP, "first");
    try (StatecastServer server =
        StatecastServer.start(
            TestServers.config(tmp.resolve("registry")).build(), new RecordingPublisher())) {
      Http http = new Http(server.uri());
      List<Observation> obs = TestServers.series("w-1", 8, 3);
      Offline offline = new Offline(artifact);
      for (int i = 0; i < obs.size(); i += 2) {
        Http.Response r =
            http.post(
                "/v1/models/windowed/keys/w-1/observations",
                TestServers.json(obs.subList(i, i + 2)),
                null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        offline.step(obs.get(i));
        float[] expected = offline.step(obs.get(i + 1));
        JsonNode f = r.json().get("forecast");
        for (int j = 0; j < expected.length; j++) {
          assertThat(f.get(j).floatValue()).isCloseTo(expected[j], within(1e-4f));
        }
      }
      assertThat(offline.state()[spec.stateLayout().spanOffset()]).isEqualTo(3f);
    }
  }
}
