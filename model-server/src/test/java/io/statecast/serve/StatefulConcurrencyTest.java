package io.statecast.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.registry.RecordingPublisher;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stateful API under concurrency: 32 client threads post the observations of 1,000 keys (each
 * key's in order, in requests of 1–3 observations) to a server stepping with DJL, and every
 * forecast equals stepping that key offline one event at a time with the reference kernel. The
 * server batches across keys; the wave sizes it used are printed.
 */
class StatefulConcurrencyTest {

  private static final int KEYS = 1_000;
  private static final int EVENTS = 8;
  private static final int THREADS = 32;
  private static final double TOLERANCE = 1e-5;

  @TempDir Path tmp;

  /** One request and what came back. */
  private record Call(String key, int from, int to, JsonNode response) {}

  @Test
  void concurrentClientsForAThousandKeysGetTheOfflineForecastsInBatches() throws Exception {
    Path registry = TestServers.registryWithDemo(tmp);
    ServerConfig config =
        TestServers.config(registry)
            .optEngine(Engine.of(EngineKind.DJL))
            .optBatching(
                BatchingConfig.builder().setMaxBatch(256).setMaxWait(Duration.ofMillis(2)).build())
            .build();
    List<Call> calls;
    SortedMap<Integer, Long> waves;
    String metrics;
    ModelArtifact artifact;
    long started = System.nanoTime();
    try (StatecastServer server = StatecastServer.start(config, new RecordingPublisher())) {
      artifact = server.registry().load("demo", 1);
      calls = run(new Http(server.uri(), client()));
      waves = server.batchSizes("demo");
      metrics = new Http(server.uri()).get("/metrics", null).body();
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    double[] worst = compare(calls, artifact);
    report(waves, metrics, calls.size(), seconds, worst);

    assertThat(calls).hasSize(expectedCalls());
    assertThat(worst[0]).as("max |Δ| of the scaled forecasts").isLessThanOrEqualTo(TOLERANCE);
    long steps = waves.entrySet().stream().mapToLong(e -> (long) e.getKey() * e.getValue()).sum();
    assertThat(steps).isEqualTo((long) KEYS * EVENTS);
    assertThat(waves.lastKey()).as("requests of many keys share waves").isGreaterThan(1);
    assertThat(metrics).contains("statecast_batch_size_count{model=\"demo\"}");
  }

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(4))
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The request boundaries of a key: chunks of 1–3 observations, from a seed. */
  private static List<int[]> chunks(int key) {
    SplittableRandom r = new SplittableRandom(key);
    List<int[]> list = new ArrayList<>();
    for (int i = 0; i < EVENTS; ) {
      int n = Math.min(EVENTS - i, 1 + r.nextInt(3));
      list.add(new int[] {i, i + n});
      i += n;
    }
    return list;
  }

  private static int expectedCalls() {
    int n = 0;
    for (int k = 0; k < KEYS; k++) {
      n += chunks(k).size();
    }
    return n;
  }

  private static String key(int k) {
    return "key-" + k;
  }

  /** Each thread owns the keys {@code k ≡ t (mod THREADS)} and walks them round-robin. */
  private static List<Call> run(Http http) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<Call>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> client(http, thread)));
      }
      List<Call> all = new ArrayList<>();
      for (Future<List<Call>> f : futures) {
        all.addAll(f.get(10, TimeUnit.MINUTES));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Call> client(Http http, int thread) {
    List<Integer> mine = new ArrayList<>();
    for (int k = thread; k < KEYS; k += THREADS) {
      mine.add(k);
    }
    List<Call> calls = new ArrayList<>();
    for (int round = 0; round < EVENTS; round++) {
      for (int k : mine) {
        List<int[]> cs = chunks(k);
        if (round >= cs.size()) {
          continue;
        }
        int[] c = cs.get(round);
        List<Observation> obs = TestServers.series(key(k), EVENTS, k).subList(c[0], c[1]);
        Http.Response r =
            http.post(
                "/v1/models/demo/keys/" + key(k) + "/observations", TestServers.json(obs), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        calls.add(new Call(key(k), c[0], c[1], r.json()));
      }
    }
    return calls;
  }

  /** Max |Δ| of scaled forecasts and of forecasts in target units, over every response. */
  private static double[] compare(List<Call> calls, ModelArtifact artifact) {
    double std = artifact.spec().inputs().features().get(0).std();
    double worstScaled = 0;
    double worstUnits = 0;
    for (int k = 0; k < KEYS; k++) {
      Offline offline = new Offline(artifact);
      List<Observation> series = TestServers.series(key(k), EVENTS, k);
      float[][] expected = new float[EVENTS][];
      for (int i = 0; i < EVENTS; i++) {
        expected[i] = offline.step(series.get(i));
      }
      for (Call c : calls) {
        if (!c.key().equals(key(k))) {
          continue;
        }
        assertThat(c.response().get("steps").asInt()).isEqualTo(c.to());
        assertThat(c.response().get("applied").asInt()).isEqualTo(c.to() - c.from());
        JsonNode fc = c.response().get("forecast");
        for (int j = 0; j < 3; j++) {
          double d = Math.abs(fc.get(j).floatValue() - expected[c.to() - 1][j]);
          worstUnits = Math.max(worstUnits, d);
          worstScaled = Math.max(worstScaled, d / std);
        }
      }
    }
    return new double[] {worstScaled, worstUnits};
  }

  private static void report(
      SortedMap<Integer, Long> waves, String metrics, int calls, double seconds, double[] worst) {
    long total = waves.values().stream().mapToLong(Long::longValue).sum();
    long steps = waves.entrySet().stream().mapToLong(e -> (long) e.getKey() * e.getValue()).sum();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%nstateful API: %d keys x %d events, %d threads, %d requests in %.1f s (%.0f req/s)%n",
            KEYS, EVENTS, THREADS, calls, seconds, calls / seconds));
    sb.append(
        String.format(
            "waves: %d, steps: %d, mean batch %.1f, max batch %d%n",
            total, steps, (double) steps / total, waves.lastKey()));
    sb.append(
        String.format(
            "max |forecast - offline|: %.2e scaled, %.2e in target units%n", worst[0], worst[1]));
    sb.append("batch size : waves\n");
    waves.forEach((size, n) -> sb.append(String.format("%10d : %d%n", size, n)));
    sb.append("Prometheus statecast_batch_size:\n");
    metrics
        .lines()
        .filter(
            l ->
                l.startsWith("statecast_batch_size")
                    || l.startsWith("statecast_wave_duration_seconds_sum")
                    || l.startsWith("statecast_wave_duration_seconds_count")
                    || (l.startsWith("statecast_http_request_duration_seconds_sum")
                        || l.startsWith("statecast_http_request_duration_seconds_count")))
        .forEach(l -> sb.append("  ").append(l).append('\n'));
    System.out.println(sb); // the test report asks for these figures
  }
}
