package io.statecast.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RecordingPublisher;
import io.statecast.testing.ServingModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher on its own: ordering within a key, TTL, capacity, model switches. */
class SequenceBatcherTest {

  @TempDir Path tmp;

  private ModelRegistry registry;
  private LoadedModels models;
  private final ServerMetrics metrics = new ServerMetrics();
  private SequenceBatcher batcher;

  @BeforeEach
  void setUp() throws Exception {
    registry = ModelRegistry.open(TestServers.registryWithDemo(tmp), new RecordingPublisher());
    models = new LoadedModels(registry, Engine.of(EngineKind.REFERENCE), 1);
  }

  @AfterEach
  void tearDown() {
    if (batcher != null) {
      batcher.close();
    }
    models.close();
  }

  private SequenceBatcher batcher(BatchingConfig config) {
    batcher = new SequenceBatcher("demo", config, models, metrics);
    return batcher;
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void requestsOfOneKeySubmittedTogetherRunInOrderInSuccessiveWaves() throws Exception {
    SequenceBatcher b =
        batcher(BatchingConfig.builder().setMaxBatch(64).setMaxWait(Duration.ofMillis(20)).build());
    List<Observation> a = TestServers.series("a", 20, 1);
    List<Observation> c = TestServers.series("c", 20, 2);
    List<CompletableFuture<StepResult>> fa = new ArrayList<>();
    List<CompletableFuture<StepResult>> fc = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // all submitted before any completes
      fa.add(b.step("a", List.of(a.get(i))));
      fc.add(b.step("c", c.subList(i, i + 1)));
    }
    ModelArtifact v1 = registry.load("demo", 1);
    Offline oa = new Offline(v1);
    Offline oc = new Offline(v1);
    for (int i = 0; i < 20; i++) {
      StepResult ra = get(fa.get(i));
      StepResult rc = get(fc.get(i));
      assertThat(ra.steps()).isEqualTo(i + 1);
      assertThat(rc.steps()).isEqualTo(i + 1);
      assertForecast(ra.forecast(), oa.step(a.get(i)));
      assertForecast(rc.forecast(), oc.step(c.get(i)));
    }
    // One row per key per wave, whatever the timing: a wave never holds two requests of a key,
    // and all 40 requests were stepped (how they pair up depends on when the dispatcher woke).
    assertThat(b.batchSizes().lastKey()).isLessThanOrEqualTo(2);
    long rows = b.batchSizes().entrySet().stream().mapToLong(e -> e.getKey() * e.getValue()).sum();
    assertThat(rows).isEqualTo(40L);
  }

  @Test
  void readsAndResetsRunInOrderWithTheKeysSteps() throws Exception {
    SequenceBatcher b = batcher(BatchingConfig.DEFAULT);
    List<Observation> s = TestServers.series("k", 3, 4);
    CompletableFuture<StepResult> first = b.step("k", s.subList(0, 2));
    CompletableFuture<Optional<KeyStateView>> afterTwo = b.read("k");
    CompletableFuture<Boolean> reset = b.reset("k");
    CompletableFuture<StepResult> again = b.step("k", s.subList(2, 3));

    assertThat(get(first).steps()).isEqualTo(2);
    assertThat(get(afterTwo)).get().extracting(KeyStateView::steps).isEqualTo(2L);
    assertThat(get(reset)).isTrue();
    assertThat(get(again).steps()).isEqualTo(1);
  }

  @Test
  void idleKeysExpireAfterTheirTtl() throws Exception {
    SequenceBatcher b = batcher(BatchingConfig.builder().setKeyTtl(Duration.ofSeconds(1)).build());
    get(b.step("old", TestServers.series("old", 1, 0)));
    assertThat(get(b.read("old"))).isPresent();
    await("the idle key's state to expire")
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(get(b.read("old"))).isEmpty());
    assertThat(metrics.keysExpired.labelValues("demo").get()).isEqualTo(1.0);
  }

  @Test
  void refusesNewKeysBeyondTheCapacity() throws Exception {
    SequenceBatcher b = batcher(BatchingConfig.builder().setMaxKeys(2).build());
    get(b.step("k1", TestServers.series("k1", 1, 0)));
    get(b.step("k2", TestServers.series("k2", 1, 0)));
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> get(b.step("k3", TestServers.series("k3", 1, 0))));
    assertThat(e.getCause()).isInstanceOf(ApiException.class);
    assertThat(((ApiException) e.getCause()).status()).isEqualTo(429);
    assertThat(get(b.step("k1", TestServers.series("k1", 2, 0).subList(1, 2))).steps())
        .isEqualTo(2);
  }

  @Test
  void aPromotionSwitchesModelsKeepingOrResettingStatesAsItsPolicySays() throws Exception {
    SequenceBatcher b = batcher(BatchingConfig.DEFAULT);
    List<Observation> s = TestServers.series("k", 4, 5);
    assertThat(get(b.step("k", s.subList(0, 1))).modelVersion()).isEqualTo(1);

    registry.promote("demo", 2, StatePolicy.KEEP, null);
    StepResult kept = get(b.step("k", s.subList(1, 2)));
    assertThat(kept.modelVersion()).isEqualTo(2);
    assertThat(kept.steps()).isEqualTo(2);

    registry.promote("demo", 1, StatePolicy.RESET, null);
    StepResult reset = get(b.step("k", s.subList(2, 3)));
    assertThat(reset.modelVersion()).isEqualTo(1);
    assertThat(reset.steps()).isEqualTo(1);

    registry.add(
        ServingModels.write(
                tmp.resolve("v3"), ServingModels.spec("demo", 3, 8), 3, java.util.Map.of())
            .directory());
    registry.promote("demo", 3, StatePolicy.KEEP, null); // another layout: cannot keep
    StepResult other = get(b.step("k", s.subList(3, 4)));
    assertThat(other.modelVersion()).isEqualTo(3);
    assertThat(other.steps()).isEqualTo(1);
  }

  private static void assertForecast(float[] actual, float[] expected) {
    for (int j = 0; j < expected.length; j++) {
      assertThat(actual[j]).isCloseTo(expected[j], within(1e-4f));
    }
  }
}
