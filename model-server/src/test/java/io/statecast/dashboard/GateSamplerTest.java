package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.reference.ReferenceModel;
import io.statecast.dashboard.Payloads.GateSummary;
import io.statecast.features.FeatureEncoder;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RecordingPublisher;
import io.statecast.testing.ServingModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateSamplerTest {

  @TempDir Path tmp;

  /** The sampler's summary once {@code done} holds (within 30 s). */
  private static GateSummary summaryWhen(GateSampler s, Predicate<GateSummary> done) {
    return await("gate summary")
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(s::summary, done);
  }

  @Test
  void histogramsAreTheGatesOfTheSampledKeysSteppedAsTheJobDoes() throws Exception {
    ModelArtifact artifact = ServingModels.write(tmp.resolve("m"), "demo", 1, 11);
    DashboardLimits limits = DashboardLimits.builder().setSampledKeys(2).build();
    List<String> keys = List.of("k0", "k1", "k2", "k3", "k4");

    try (GateSampler s =
        new GateSampler(GateModels.open(GateModelSource.artifact(artifact.directory())), limits)) {
      s.watch(Set.of("k4"));
      s.start();
      List<Observation> all = new ArrayList<>();
      for (int day = 0; day < 30; day++) {
        for (String k : keys) {
          all.add(Events.observation(k, day));
        }
      }
      all.add(Events.observation("k4", 29)); // a duplicate: skipped, as the job does
      all.forEach(s::offer);

      // Offline: the same admissions in the same order (a displaced key is forgotten), each
      // admitted key stepped from a zero state through the reference model.
      GateHistogram expected = new GateHistogram(2, limits.gateBins());
      ReferenceModel model = new ReferenceModel(artifact.weights());
      FeatureEncoder enc = FeatureEncoder.of(artifact);
      KeySample replay = new KeySample(2);
      Map<String, double[]> states = new HashMap<>();
      Map<String, Long> previous = new HashMap<>();
      for (Observation o : all) {
        String k = o.getKey();
        if (!k.equals("k4") && !replay.admit(k)) {
          continue;
        }
        String gone = replay.takeEvicted();
        if (gone != null) {
          states.remove(gone);
        }
        long prev = previous.getOrDefault(k, FeatureEncoder.NO_PREVIOUS);
        if (prev != FeatureEncoder.NO_PREVIOUS && o.getEventTime() <= prev) {
          continue;
        }
        float[] xf = new float[enc.size()];
        enc.encode(o, prev, xf, 0);
        double[] x = new double[xf.length];
        for (int j = 0; j < x.length; j++) {
          x[j] = xf[j];
        }
        double[][] trace = new double[2][32];
        model.step(x, states.computeIfAbsent(k, key -> model.newState()), null, trace);
        expected.add(trace);
        previous.put(k, o.getEventTime());
      }
      int sampled = states.size();
      long steps = expected.steps();
      GateSummary g = summaryWhen(s, x -> x.steps() == steps && x.skipped() == 1);
      assertThat(sampled).isEqualTo(3);
      assertThat(g.sampledKeys()).isEqualTo(3);
      assertThat(g.modelId()).isEqualTo("demo");
      assertThat(g.modelVersion()).isEqualTo(1);
      assertThat(g.status()).isEqualTo("ok");
      for (int k = 0; k < 2; k++) {
        assertThat(g.layers().get(k).input()).containsExactly(expected.input(k));
        assertThat(g.layers().get(k).forget()).containsExactly(expected.forget(k));
      }
      assertThat(g.inputNearBinary()).isEqualTo(GateHistogram.nearBinary(expected.inputs()));
      assertThat(g.dropped()).isZero();
    }
  }

  @Test
  void followsTheVersionTheForecastsNameFromTheRegistry() throws Exception {
    ModelRegistry registry = ModelRegistry.open(tmp.resolve("reg"), new RecordingPublisher());
    registry.add(ServingModels.write(tmp.resolve("v1"), "demo", 1, 11).directory());
    registry.add(ServingModels.write(tmp.resolve("v2"), "demo", 2, 22).directory());
    registry.promote("demo", 1, StatePolicy.KEEP, "first");

    try (GateSampler s =
        new GateSampler(
            GateModels.open(GateModelSource.registry(tmp.resolve("reg"))),
            DashboardLimits.DEFAULT)) {
      s.start();
      s.offer(Events.observation("k", 0));
      GateSummary before = summaryWhen(s, g -> g.steps() == 1);
      assertThat(before.modelVersion()).isEqualTo(1); // the serving version, before any forecast

      s.forecastModel("demo", 2); // the job switched
      s.offer(Events.observation("k", 1));
      GateSummary after =
          summaryWhen(s, g -> Integer.valueOf(2).equals(g.modelVersion()) && g.steps() == 1);
      assertThat(after.sampledKeys()).isEqualTo(1); // states started afresh with the new model
    }
  }

  @Test
  void withoutAModelThereAreNoGatesAndThePageIsToldWhy() throws Exception {
    try (GateSampler s =
        new GateSampler(GateModels.open(GateModelSource.none()), DashboardLimits.DEFAULT)) {
      s.start();
      s.offer(Events.observation("k", 0));
      GateSummary g = s.summary();
      assertThat(g.status()).isEqualTo("off: no model given");
      assertThat(g.layers()).isEmpty();
      assertThat(g.steps()).isZero();
    }
  }
}
