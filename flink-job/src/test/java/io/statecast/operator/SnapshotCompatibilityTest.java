package io.statecast.operator;

import static io.statecast.operator.AnomaliesTest.anomalies;
import static io.statecast.operator.AnomaliesTest.send;
import static io.statecast.operator.LstmForecastOperatorTest.harness;
import static io.statecast.testing.TestModels.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Anomaly;
import io.statecast.avro.Forecast;
import io.statecast.source.ObservationEvent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshots of the forecast operator written by earlier builds restore into this one, and the job
 * goes on as if it had never stopped. The fixtures ({@code src/test/resources/snapshots/}) are the
 * operator's state after days 0–2 of keys a (10, 10.5, 20) and b (5, 6, 7), written with {@link
 * OperatorSnapshotUtil} by the build that each is named after, with the model next to it (a
 * quantile head of levels 0.05 … 0.95 on a small random LSTM whose output counts):
 *
 * <ul>
 *   <li>{@code keystate-format1}: the build before the online adaptation (commit 412c118): {@code
 *       KeyState} format 1 and each key's pending interval for anomaly flags;
 *   <li>{@code pre-anomaly}: the build before anomaly flags (commit fc6e8e0): no pending intervals.
 * </ul>
 *
 * <p>A job's state records where its model was loaded from (the model chain), and a restored job
 * loads it from there again and checks its manifest; the fixtures were written with the model at
 * {@code /tmp/statecast-snapshot-fixtures/<name>/model}, so the test puts the fixture's model there
 * first.
 */
class SnapshotCompatibilityTest {

  private static final long DAY3 = event("a", 3, 0, 0).eventTime();

  /** Days 3–5 of keys a (21, 40: a spike, 22) and b (8, 9, 10). */
  private static List<ObservationEvent> after() {
    float[] a = {21f, 40f, 22f};
    List<ObservationEvent> events = new ArrayList<>();
    for (int d = 3; d < 6; d++) {
      events.add(event("a", d, a[d - 3], d));
      events.add(event("b", d, 5f + d, 100 + d));
    }
    return events;
  }

  /** Days 0–2 as the fixtures saw them. */
  private static List<ObservationEvent> before() {
    float[] a = {10f, 10.5f, 20f};
    List<ObservationEvent> events = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      events.add(event("a", d, a[d], d));
      events.add(event("b", d, 5f + d, 100 + d));
    }
    return events;
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(
            Objects.requireNonNull(
                    SnapshotCompatibilityTest.class.getResource("/snapshots/" + name + "/snapshot"),
                    "fixture " + name)
                .toURI())
        .getParent();
  }

  /** The fixture's model where its snapshot's model chain says it was loaded from. */
  private static Path install(String name, Path fixture) throws IOException {
    Path target = Path.of("/tmp/statecast-snapshot-fixtures", name, "model");
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(fixture.resolve("model"))) {
      for (Path f : files.toList()) {
        Files.copy(
            f, target.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }

  private static ForecastOperatorConfig config(Path model) {
    return ForecastOperatorConfig.builder(model.toString())
        .setBatch(4, Duration.ofMillis(50))
        .setAnomalyRule(new AnomalyRule(0, 0))
        .build();
  }

  private record Run(List<Forecast> forecasts, List<Anomaly> anomalies) {}

  /** This build from the start: days 0–5, the forecasts and anomalies of days 3–5. */
  private static Run uninterrupted(Path model) throws Exception {
    try (var h = harness(config(model))) {
      h.open();
      send(h, before());
      send(h, after());
      h.endInput1();
      return new Run(
          sorted(h.extractOutputValues().stream().filter(f -> f.getEventTime() >= DAY3).toList()),
          anomalies(h));
    }
  }

  /** The fixture's snapshot restored into this build, then days 3–5. */
  private static Run restored(Path fixture, Path model) throws Exception {
    OperatorSubtaskState snapshot =
        OperatorSnapshotUtil.readStateHandle(fixture.resolve("snapshot").toString());
    try (var h = harness(config(model))) {
      h.initializeState(snapshot);
      h.open();
      send(h, after());
      h.endInput1();
      return new Run(sorted(h.extractOutputValues()), anomalies(h));
    }
  }

  private static List<Forecast> sorted(List<Forecast> forecasts) {
    List<Forecast> out = new ArrayList<>(forecasts);
    out.sort(Comparator.comparing(Forecast::getKey).thenComparing(Forecast::getEventTime));
    return out;
  }

  private static List<String> values(List<Forecast> forecasts) {
    return forecasts.stream()
        .map(
            f -> f.getKey() + "@" + f.getEventTime() + " " + f.getValues() + " " + f.getIntervals())
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"keystate-format1", "pre-anomaly"})
  void restoresAndForecastsAsAnUninterruptedRun(String name) throws Exception {
    Path fixture = fixture(name);
    Path model = install(name, fixture);
    Run straight = uninterrupted(model);
    Run resumed = restored(fixture, model);

    assertThat(resumed.forecasts()).hasSize(6);
    assertThat(values(resumed.forecasts())).containsExactlyElementsOf(values(straight.forecasts()));
    List<String> expected = flags(straight.anomalies(), DAY3);
    assertThat(expected).as("the spike on day 4 and its echo").hasSize(2);
    if (name.equals("pre-anomaly")) {
      // no pending interval was saved: each key's first actual after the restore is compared with
      // nothing (day 3), the later ones as without the restart
      assertThat(flags(resumed.anomalies(), DAY3))
          .containsExactlyElementsOf(flags(straight.anomalies(), DAY3 + 1));
    } else {
      assertThat(flags(resumed.anomalies(), DAY3)).containsExactlyElementsOf(expected);
    }
  }

  /** The anomalies at or after {@code from}, without their emission time. */
  private static List<String> flags(List<Anomaly> anomalies, long from) {
    return anomalies.stream()
        .filter(a -> a.getEventTime() >= from)
        .map(
            a ->
                a.getKey()
                    + "@"
                    + a.getEventTime()
                    + " "
                    + a.getActual()
                    + " in ["
                    + a.getLower()
                    + ", "
                    + a.getUpper()
                    + "] from "
                    + a.getForecastEventTime()
                    + ": "
                    + a.getScore())
        .toList();
  }
}
