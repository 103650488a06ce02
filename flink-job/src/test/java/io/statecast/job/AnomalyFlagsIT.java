package io.statecast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Anomaly;
import io.statecast.avro.Observation;
import io.statecast.job.SeamRun.Outputs;
import io.statecast.job.SeamRun.Records;
import io.statecast.operator.AnomalyRule;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.QuantileModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomaly flags end to end, through the job's seam on a local Flink cluster: the last two years of
 * four stations of the shipped wind data set ({@code data/wind_ireland_daily.csv}) replayed with
 * spikes injected at known days, forecast by a model whose quantiles are a random walk's fitted on
 * the stations' earlier years ({@link QuantileModels}: persistence plus the empirical quantiles of
 * the one-step differences, widened by half a data decimal so that no actual ties a bound).
 *
 * <p>The job runs with threshold 0 (every actual outside the widest, 90% interval), so that its
 * anomalies are compared with an independent computation of every score (same records, scores
 * within 1e-3), and precision and recall at other thresholds follow by filtering the scores. Every
 * injected spike must be flagged at the default threshold. The table it prints is the one in {@code
 * docs/operations.md}.
 */
class AnomalyFlagsIT {

  private static final String DATA = "data/wind_ireland_daily.csv";
  private static final List<String> STATIONS = List.of("DUB", "SHA", "VAL", "BIR");
  private static final LocalDate REPLAY_FROM = LocalDate.of(1977, 1, 1);
  private static final int SPIKE_EVERY = 29; // days between spikes of a key (a prime)
  private static final double SPIKE_WIDTHS = 2.0; // spike height in widths of the 90% interval
  private static final double[] THRESHOLDS = {0, 0.25, 0.5, 1, 1.5, 2};
  private static final double SCORE_TOLERANCE = 1e-3;

  @TempDir Path tmp;

  private record Point(String key, long time, float value) {}

  /** The stations' series, each in time order, from the repository's data directory. */
  private static Map<String, List<Point>> read() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve(DATA))) {
      dir = dir.getParent();
    }
    List<String> lines = Files.readAllLines(dir.resolve(DATA));
    Map<String, List<Point>> out = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (STATIONS.contains(f[0])) {
        long t = LocalDate.parse(f[1]).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        out.computeIfAbsent(f[0], k -> new ArrayList<>())
            .add(new Point(f[0], t, Float.parseFloat(f[2])));
      }
    }
    return out;
  }

  private static long millis(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** The empirical quantiles of one-step differences before the replay, at the model's levels. */
  private static double[] offsets(Map<String, List<Point>> series) {
    List<Double> diffs = new ArrayList<>();
    long from = millis(REPLAY_FROM);
    for (List<Point> s : series.values()) {
      for (int i = 1; i < s.size() && s.get(i).time() < from; i++) {
        diffs.add((double) s.get(i).value() - s.get(i - 1).value());
      }
    }
    double[] sorted = diffs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] out = new double[QuantileModels.LEVELS.size()];
    for (int q = 0; q < out.length; q++) {
      double level = QuantileModels.LEVELS.get(q);
      double v = sorted[(int) Math.floor(level * (sorted.length - 1))];
      out[q] = v + (level < 0.5 ? -0.005 : level > 0.5 ? 0.005 : 0);
    }
    return out;
  }

  @Test
  void everyInjectedSpikeIsFlaggedAndTheJobsScoresAreTheReferences() throws Exception {
    Map<String, List<Point>> series = read();
    double[] offsets = offsets(series);
    double width = offsets[4] - offsets[0]; // the 90% interval's, the same at every step
    ModelArtifact model = QuantileModels.write(tmp.resolve("model"), 10, 5, offsets);

    // The replay: each key's days from REPLAY_FROM, a spike every SPIKE_EVERY days, alternately up
    // and down, interleaved by day as a live stream would be.
    Map<String, Float> expected = new HashMap<>(); // key@time → reference score
    Set<String> injected = new HashSet<>();
    Set<String> afterSpike = new HashSet<>(); // the step after a spike, compared with its forecast
    Map<Long, List<Point>> byDay = new TreeMap<>();
    for (List<Point> s : series.values()) {
      List<Point> replay = s.stream().filter(p -> p.time() >= millis(REPLAY_FROM)).toList();
      Point previous = null;
      for (int i = 0; i < replay.size(); i++) {
        Point p = replay.get(i);
        if (i > 0 && i % SPIKE_EVERY == 0) {
          double sign = (i / SPIKE_EVERY) % 2 == 0 ? 1 : -1;
          p = new Point(p.key(), p.time(), (float) (p.value() + sign * SPIKE_WIDTHS * width));
          injected.add(id(p));
          if (i + 1 < replay.size()) {
            afterSpike.add(id(replay.get(i + 1)));
          }
        }
        if (previous != null) {
          double lower = previous.value() + offsets[0];
          double upper = previous.value() + offsets[4];
          expected.put(id(p), (float) score(p.value(), lower, upper));
        }
        byDay.computeIfAbsent(p.time(), t -> new ArrayList<>()).add(p);
        previous = p;
      }
    }
    Records in = new Records();
    byDay.values().forEach(day -> day.forEach(p -> in.add(observation(p))));

    Outputs out = SeamRun.run(in, settings(model, new AnomalyRule(0, 0)));

    assertThat(out.forecasts()).hasSize(in.size());
    assertThat(out.deadLetters()).isEmpty();
    Map<String, Float> flagged = new HashMap<>();
    for (Anomaly a : out.anomalies()) {
      assertThat(flagged.put(id(a), a.getScore())).as("one anomaly per actual").isNull();
      assertThat(a.getCoverage()).isCloseTo(0.9f, within(1e-6f));
    }
    Map<String, Float> outside =
        expected.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(flagged.keySet()).isEqualTo(outside.keySet());
    flagged.forEach(
        (k, s) -> assertThat(s).as(k).isCloseTo(outside.get(k), within((float) SCORE_TOLERANCE)));
    for (String spike : injected) {
      assertThat(flagged.getOrDefault(spike, 0f))
          .as("score of the spike at %s", spike)
          .isGreaterThan((float) AnomalyRule.DEFAULT_THRESHOLD);
    }
    System.out.print(table(flagged, injected, afterSpike, expected.size()));
  }

  /** Precision and recall per threshold, with and without the steps right after a spike. */
  private static String table(
      Map<String, Float> scores, Set<String> injected, Set<String> afterSpike, int compared) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "anomaly flags: %d actuals compared, %d spikes injected%n"
                    + "| threshold | flagged | spikes flagged | recall | precision | precision"
                    + " without the step after a spike |%n|---|---|---|---|---|---|%n",
                compared,
                injected.size()));
    for (double t : THRESHOLDS) {
      Set<String> flags =
          scores.entrySet().stream()
              .filter(e -> e.getValue() > t)
              .map(Map.Entry::getKey)
              .collect(Collectors.toSet());
      long hits = flags.stream().filter(injected::contains).count();
      long echoes = flags.stream().filter(afterSpike::contains).count();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %.3f | %.3f | %.3f |%n",
              t,
              flags.size(),
              hits,
              (double) hits / injected.size(),
              flags.isEmpty() ? 1.0 : (double) hits / flags.size(),
              flags.size() == echoes ? 1.0 : (double) hits / (flags.size() - echoes)));
    }
    return sb.toString();
  }

  private static double score(double actual, double lower, double upper) {
    double w = upper - lower;
    return actual < lower ? (lower - actual) / w : actual > upper ? (actual - upper) / w : 0;
  }

  private static String id(Point p) {
    return p.key() + "@" + p.time();
  }

  private static String id(Anomaly a) {
    return a.getKey() + "@" + a.getEventTime();
  }

  private static Observation observation(Point p) {
    return Observation.newBuilder()
        .setKey(p.key())
        .setEventTime(p.time())
        .setFeatures(Arrays.asList())
        .setTarget(p.value())
        .build();
  }

  private static JobSettings settings(ModelArtifact model, AnomalyRule rule) {
    return JobSettings.builder(
            ForecastOperatorConfig.builder(model.directory().toString())
                .setBatch(64, java.time.Duration.ofMillis(10))
                .setAnomalyRule(rule)
                .build())
        .setParallelism(1)
        .build();
  }
}
