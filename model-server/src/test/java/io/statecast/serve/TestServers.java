package io.statecast.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RecordingPublisher;
import io.statecast.testing.ServingModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Registries and servers for tests. */
final class TestServers {

  static final String ADMIN = "admin-token-0123456789abcdef";
  static final String READER = "reader-token-0123456789abcdef";
  static final long DAY = 86_400_000L;
  static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z

  private TestServers() {}

  /** A registry with model {@code demo} v1 and v2 (v1 promoted). */
  static Path registryWithDemo(Path tmp) throws IOException {
    Path root = tmp.resolve("registry");
    try {
      ModelRegistry r = ModelRegistry.open(root, new RecordingPublisher());
      r.add(ServingModels.write(tmp.resolve("demo-v1"), "demo", 1, 11).directory());
      r.add(ServingModels.write(tmp.resolve("demo-v2"), "demo", 2, 22).directory());
      r.promote("demo", 1, StatePolicy.KEEP, "first");
    } catch (io.statecast.registry.RegistryException e) {
      throw new IOException(e);
    }
    return root;
  }

  /**
   * A server on {@link #registryWithDemo} (v1 serving), configured by {@link #config} with a 64 KiB
   * body limit, publishing model updates to {@code publisher}.
   */
  static StatecastServer startWithDemo(Path tmp, RecordingPublisher publisher) throws Exception {
    return StatecastServer.start(
        config(registryWithDemo(tmp))
            .optLimits(LimitsConfig.builder().setMaxBodyBytes(64 * 1024).build())
            .build(),
        publisher);
  }

  /** A 4xx with a JSON error message containing {@code text}, and no stack trace. */
  static void assertClientError(Http.Response r, int status, String text) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.error()).containsIgnoringCase(text);
    assertThat(r.body()).doesNotContain("\tat ", "Exception", "java.");
  }

  /** A config on 127.0.0.1, any port, reference engine, admin and reader tokens. */
  static ServerConfig.Builder config(Path registry) {
    return ServerConfig.builder(registry)
        .optPort(0)
        .optEngine(Engine.of(EngineKind.REFERENCE))
        .optAuth(new AuthConfig(BearerToken.of(ADMIN), BearerToken.of(READER), false, false));
  }

  /** An observation of key {@code key}: a target value on day {@code day} after T0. */
  static Observation observation(String key, int day, float target) {
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(T0 + day * DAY)
        .setFeatures(List.of())
        .setNamed(Map.of())
        .setTarget(target)
        .build();
  }

  /** A series of {@code n} observations for a key (a deterministic wave). */
  static List<Observation> series(String key, int n, int seed) {
    List<Observation> list = new ArrayList<>(n);
    for (int d = 0; d < n; d++) {
      list.add(observation(key, d, (float) (100 + 20 * Math.sin(0.7 * d + seed) + seed % 7)));
    }
    return list;
  }

  /** The stateful API's JSON for observations. */
  static String json(List<Observation> obs) {
    StringBuilder sb = new StringBuilder("{\"observations\":[");
    for (int i = 0; i < obs.size(); i++) {
      Observation o = obs.get(i);
      sb.append(i == 0 ? "" : ",")
          .append("{\"eventTime\":")
          .append(o.getEventTime())
          .append(",\"target\":")
          .append(o.getTarget())
          .append('}');
    }
    return sb.append("]}").toString();
  }
}
