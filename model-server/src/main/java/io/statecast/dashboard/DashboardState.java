package io.statecast.dashboard;

import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.avro.ForecastInterval;
import io.statecast.avro.Observation;
import io.statecast.dashboard.Payloads.Flow;
import io.statecast.dashboard.Payloads.KeySeriesView;
import io.statecast.dashboard.Payloads.Keys;
import io.statecast.dashboard.Payloads.Latency;
import io.statecast.dashboard.Payloads.ModelSeen;
import io.statecast.dashboard.Payloads.Point;
import io.statecast.dashboard.Payloads.Rejects;
import io.statecast.dashboard.Payloads.StreamSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the dashboard knows about the stream, behind one lock: the series of recent keys,
 * rates, latencies, dead letters and late events, the models seen. The Kafka thread writes, the
 * push thread and HTTP threads read snapshots.
 *
 * <p>Every change takes the next <em>stamp</em> (a sequence number), so a reader can ask for what
 * changed since the stamp it last saw.
 */
final class DashboardState {

  /** Keys longer than this are not charted (the job dead-letters them as OVERSIZED_KEY). */
  static final int MAX_KEY_LENGTH = 256;

  /** Model ids remembered at most. */
  private static final int MAX_MODELS = 32;

  private final DashboardLimits limits;
  private final SeriesStore series;
  private final RateMeter observations;
  private final RateMeter forecasts;
  private final LatencyReservoir latency;
  private final RejectStats deadLetters;
  private final RejectStats lateEvents;
  private final Map<String, ModelCount> models = new LinkedHashMap<>();
  private final Map<String, Long> undecodable = new TreeMap<>();
  private long stamp;
  private long streamStamp;
  private String source = "starting";

  DashboardState(DashboardLimits limits, long nowMillis) {
    this.limits = limits;
    this.series = new SeriesStore(limits.maxKeys(), limits.pointsPerKey());
    int window = (int) limits.rateWindow().toSeconds();
    this.observations = new RateMeter(1_000, window, nowMillis);
    this.forecasts = new RateMeter(1_000, window, nowMillis);
    this.latency = new LatencyReservoir(limits.latencySamples());
    this.deadLetters = new RejectStats(new RateMeter(1_000, window, nowMillis), 8);
    this.lateEvents = new RejectStats(new RateMeter(1_000, window, nowMillis), 8);
  }

  /** An observation whose Kafka record has {@code recordTimestamp}. */
  synchronized void observation(Observation o, long recordTimestamp) {
    streamStamp = ++stamp;
    observations.add(recordTimestamp, 1);
    if (chartable(o.getKey())) {
      Float target = o.getTarget();
      series
          .update(o.getKey())
          .observe(o.getEventTime(), target == null ? Float.NaN : target, stamp);
    }
  }

  /** A committed forecast. */
  synchronized void forecast(Forecast f) {
    streamStamp = ++stamp;
    forecasts.add(f.getEmittedAt(), 1);
    latency.add(Math.max(0, f.getEmittedAt() - f.getObservedAt()));
    rememberModel(f.getModelId(), f.getModelVersion());
    if (chartable(f.getKey())) {
      Float target = f.getTarget();
      series
          .update(f.getKey())
          .forecast(
              f.getEventTime(),
              target == null ? Float.NaN : target,
              f.getValues(),
              firstStepOfWidest(f),
              f.getModelId(),
              f.getModelVersion(),
              f.getSteps(),
              stamp);
    }
  }

  /** An anomaly the job flagged: marked on its key's point. */
  synchronized void anomaly(Anomaly a) {
    streamStamp = ++stamp;
    if (chartable(a.getKey())) {
      series.update(a.getKey()).anomaly(a.getEventTime(), a.getScore(), stamp);
    }
  }

  /** {@code [lower, upper]} of the first step of the forecast's widest interval, or null. */
  private static float[] firstStepOfWidest(Forecast f) {
    if (f.getIntervals() == null || f.getIntervals().isEmpty()) {
      return null;
    }
    ForecastInterval widest = f.getIntervals().get(0);
    if (widest.getLower().isEmpty() || widest.getUpper().isEmpty()) {
      return null;
    }
    return new float[] {widest.getLower().get(0), widest.getUpper().get(0)};
  }

  synchronized void deadLetter(DeadLetter d) {
    streamStamp = ++stamp;
    deadLetters.add(d.getKind(), d.getFailedAt(), keyOf(d), d.getMessage());
  }

  synchronized void lateEvent(DeadLetter d) {
    streamStamp = ++stamp;
    lateEvents.add(d.getKind(), d.getFailedAt(), keyOf(d), d.getMessage());
  }

  /** A record of {@code topic} that did not decode (the job dead-letters bad input itself). */
  synchronized void undecodable(String topic) {
    streamStamp = ++stamp;
    undecodable.merge(topic, 1L, Long::sum);
  }

  private void rememberModel(String id, int version) {
    ModelCount m = models.get(id);
    if (m == null) {
      if (models.size() >= MAX_MODELS) {
        return;
      }
      m = new ModelCount();
      models.put(id, m);
    }
    m.version = Math.max(m.version, version);
    m.forecasts++;
  }

  /** A model's latest version and forecast count (mutable: no allocation per forecast). */
  private static final class ModelCount {
    int version;
    long forecasts;
  }

  private static boolean chartable(String key) {
    return key != null && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
  }

  private static String keyOf(DeadLetter d) {
    ByteBuffer k = d.getRecordKey();
    if (k == null) {
      return "";
    }
    ByteBuffer b = k.duplicate();
    byte[] bytes = new byte[Math.min(b.remaining(), RejectStats.MAX_TEXT * 4)];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** What the Kafka reader is doing, for the page. */
  synchronized void source(String what) {
    if (!what.equals(source)) {
      source = what;
      streamStamp = ++stamp;
    }
  }

  /** The stamp of the latest change to the stream totals. */
  synchronized long streamStamp() {
    return streamStamp;
  }

  /** The stream's totals, rates and latencies at {@code now}. */
  synchronized StreamSummary summary(long now) {
    double[] p = latency.percentiles(50, 99);
    return new StreamSummary(
        now,
        source,
        new Flow(observations.total(), observations.perSecond(now)),
        new Flow(forecasts.total(), forecasts.perSecond(now)),
        new Latency(
            Payloads.finite(p[0]),
            Payloads.finite(p[1]),
            Payloads.finite(latency.max()),
            latency.size()),
        rejects(deadLetters, now),
        rejects(lateEvents, now),
        new Keys(series.size(), series.evicted(), limits.maxKeys()),
        models.entrySet().stream()
            .map(e -> new ModelSeen(e.getKey(), e.getValue().version, e.getValue().forecasts))
            .toList(),
        Map.copyOf(undecodable));
  }

  private static Rejects rejects(RejectStats r, long now) {
    Map<String, Long> counts = new LinkedHashMap<>();
    r.counts().forEach((k, v) -> counts.put(k.name(), v));
    Map<String, RejectStats.Reject> latest = new LinkedHashMap<>();
    r.latestByKind().forEach((k, v) -> latest.put(k.name(), v));
    return new Rejects(r.total(), r.perSecond(now), counts, latest, r.latest());
  }

  /** Held keys matching {@code query} (see {@link SeriesStore#search}). */
  synchronized List<String> search(String query, int limit) {
    return series.search(query, limit);
  }

  synchronized int heldKeys() {
    return series.size();
  }

  /**
   * The key's points stamped after {@code since} (all for 0) and its latest forecast, or null when
   * the key is not held or nothing changed since then.
   */
  synchronized KeySeriesView view(String key, long since) {
    KeySeries s = series.view(key);
    if (s == null || (since > 0 && s.lastStamp() <= since)) {
      return null;
    }
    List<Point> points = new ArrayList<>();
    s.forEachSince(
        since,
        (t, a, f, v, lo, up, an) ->
            points.add(
                new Point(
                    t,
                    Payloads.finite(a),
                    Payloads.finite(f),
                    v,
                    Payloads.finite(lo),
                    Payloads.finite(up),
                    Payloads.finite(an))));
    double[] errors = s.errors();
    boolean forecastSeen = s.horizonTime() != Long.MIN_VALUE;
    return new KeySeriesView(
        key,
        since == 0,
        s.maxPoints(),
        points,
        forecastSeen ? s.horizonTime() : null,
        forecastSeen ? s.horizon() : null,
        forecastSeen ? s.modelId() : null,
        forecastSeen ? s.modelVersion() : null,
        s.steps(),
        s.observationCount(),
        s.forecastCount(),
        Payloads.finite(s.meanAbsoluteError()),
        errors.length == 0 ? null : errors[errors.length - 1],
        s.lastStamp());
  }
}
