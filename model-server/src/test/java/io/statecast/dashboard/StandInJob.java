package io.statecast.dashboard;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.avro.ForecastInterval;
import io.statecast.avro.Observation;
import io.statecast.cell.reference.ReferenceModel;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.ForecastIntervals;
import io.statecast.model.HeadSpec;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.wire.ValueCodec;
import io.statecast.wire.format.FormatSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the Flink job does, for dashboard tests, without Flink: observations go to the {@code
 * observations} topic (a plain producer), and for each one the key's state is stepped through the
 * model ({@link ReferenceModel}, the same math as the job) and its forecast goes to {@code
 * forecasts} in a transaction, as the job's exactly-once sink writes them; in a value format (Avro
 * single-object unless told otherwise), as the job's {@code --value-format}. With a quantile model,
 * forecasts carry their intervals, and an actual more than {@link #THRESHOLD} widths outside the
 * widest interval of its key's previous forecast goes to {@code anomalies} in the same transaction
 * (the job's default rule).
 */
final class StandInJob implements AutoCloseable {

  /** The job's default anomaly threshold, in widths of the interval. */
  static final double THRESHOLD = 0.5;

  private final ModelArtifact model;
  private final ReferenceModel cell;
  private final FeatureEncoder encoder;
  private final KafkaProducer<byte[], byte[]> plain;
  private final KafkaProducer<byte[], byte[]> transactional;
  private final Map<String, double[]> states = new HashMap<>();
  private final Map<String, Long> previous = new HashMap<>();
  private final Map<String, Long> steps = new HashMap<>();
  private final ValueCodec<Observation> observations;
  private final ValueCodec<Forecast> forecasts;
  private final ValueCodec<DeadLetter> deadLetters;
  private final ValueCodec<Anomaly> anomalies;
  private final Map<String, Forecast> last = new HashMap<>();

  StandInJob(EmbeddedKafka kafka, ModelArtifact model) throws IOException {
    this(kafka, model, FormatSettings.AVRO);
  }

  StandInJob(EmbeddedKafka kafka, ModelArtifact model, FormatSettings format) throws IOException {
    this.observations = format.codec(Observation.class, "observations");
    this.forecasts = format.codec(Forecast.class, "forecasts");
    this.deadLetters = format.codec(DeadLetter.class, "dead-letters");
    this.anomalies = format.codec(Anomaly.class, "anomalies");
    this.model = model;
    this.cell = new ReferenceModel(model.weights());
    this.encoder = FeatureEncoder.of(model);
    this.plain = new KafkaProducer<>(kafka.producerProperties());
    Properties tx = kafka.producerProperties();
    tx.put("transactional.id", "stand-in-job");
    this.transactional = new KafkaProducer<>(tx);
    transactional.initTransactions();
  }

  /** Produces the observations, then their forecasts in one committed transaction. */
  void run(List<Observation> batch) throws Exception {
    List<Forecast> out = new ArrayList<>(batch.size());
    List<Anomaly> flagged = new ArrayList<>();
    for (Observation o : batch) {
      long now = System.currentTimeMillis();
      plain.send(record("observations", o.getKey(), observations.encode(o), now)).get();
      Anomaly a = anomaly(o, last.get(o.getKey()), now);
      if (a != null) {
        flagged.add(a);
      }
      Forecast f = step(o, now);
      last.put(o.getKey(), f);
      out.add(f);
    }
    transactional.beginTransaction();
    for (Forecast f : out) {
      transactional.send(record("forecasts", f.getKey(), forecasts.encode(f), f.getEmittedAt()));
    }
    for (Anomaly a : flagged) {
      transactional.send(record("anomalies", a.getKey(), anomalies.encode(a), a.getEmittedAt()));
    }
    transactional.commitTransaction();
  }

  /** Sends forecasts in a transaction that is then aborted: no reader may ever see them. */
  void abort(List<Forecast> ghosts) throws Exception {
    transactional.beginTransaction();
    for (Forecast f : ghosts) {
      transactional.send(record("forecasts", f.getKey(), forecasts.encode(f), f.getEmittedAt()));
    }
    transactional.flush();
    transactional.abortTransaction();
  }

  /** A dead letter or a late event, in a committed transaction as the job writes them. */
  void reject(String topic, ErrorKind kind, String key, String message) throws Exception {
    long now = System.currentTimeMillis();
    DeadLetter d = Events.deadLetter(kind, key, message, now);
    transactional.beginTransaction();
    transactional.send(record(topic, key, deadLetters.encode(d), now));
    transactional.commitTransaction();
  }

  /** Raw bytes on the observations topic (what the job would dead-letter). */
  void garbage(byte[] bytes) throws Exception {
    plain.send(record("observations", "bad", bytes, System.currentTimeMillis())).get();
  }

  private Forecast step(Observation o, long observedAt) throws Exception {
    String key = o.getKey();
    float[] xf = new float[encoder.size()];
    encoder.encode(o, previous.getOrDefault(key, FeatureEncoder.NO_PREVIOUS), xf, 0);
    double[] x = new double[xf.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = xf[j];
    }
    double[] state = states.computeIfAbsent(key, k -> cell.newState());
    double[] scaled = cell.step(x, state).forecast();
    previous.put(key, o.getEventTime());
    float[] f = new float[scaled.length];
    for (int j = 0; j < f.length; j++) {
      f[j] = (float) scaled[j];
    }
    float[] units = new float[f.length];
    encoder.forecastToUnits(key, f, 0, f.length, units, 0);
    HeadSpec head = model.spec().head();
    List<ForecastInterval> intervals = ForecastIntervals.of(head, units, 0);
    List<Float> values = ForecastIntervals.point(head, units, 0);
    return Forecast.newBuilder()
        .setIntervals(intervals)
        .setKey(key)
        .setEventTime(o.getEventTime())
        .setValues(values)
        .setModelId(model.spec().id())
        .setModelVersion(model.spec().version())
        .setSteps(steps.merge(key, 1L, Long::sum))
        .setTarget(o.getTarget())
        .setObservedAt(observedAt)
        .setEmittedAt(System.currentTimeMillis())
        .build();
  }

  /** The anomaly of {@code o}'s actual against its key's previous forecast, or null. */
  private static Anomaly anomaly(Observation o, Forecast previous, long now) {
    if (previous == null || previous.getIntervals() == null || o.getTarget() == null) {
      return null;
    }
    ForecastInterval widest = previous.getIntervals().get(0);
    float lower = widest.getLower().get(0);
    float upper = widest.getUpper().get(0);
    float y = o.getTarget();
    double score = ForecastIntervals.outside(y, lower, upper);
    if (!(score > THRESHOLD)) {
      return null;
    }
    return Anomaly.newBuilder()
        .setKey(o.getKey())
        .setEventTime(o.getEventTime())
        .setActual(y)
        .setCoverage(widest.getCoverage())
        .setLower(lower)
        .setUpper(upper)
        .setForecast(previous.getValues().get(0))
        .setScore((float) score)
        .setForecastEventTime(previous.getEventTime())
        .setModelId(previous.getModelId())
        .setModelVersion(previous.getModelVersion())
        .setEmittedAt(now)
        .build();
  }

  private static ProducerRecord<byte[], byte[]> record(
      String topic, String key, byte[] value, long timestamp) {
    return new ProducerRecord<>(
        topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), value);
  }

  @Override
  public void close() {
    plain.close();
    transactional.close();
  }
}
