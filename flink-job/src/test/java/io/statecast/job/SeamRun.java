package io.statecast.job;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.features.ValidationRules;
import io.statecast.source.DecodedRecord;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.source.ObservationDecoder;
import io.statecast.source.SourcePosition;
import io.statecast.wire.RegistryUnavailableException;
import io.statecast.wire.WireCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The job through its own seam ({@link ForecastJob#build}, as Flink's training exercises test their
 * jobs), for {@link JobBehaviourIT}: bounded test sources of records as the Kafka sources would
 * hand them on — each observation's bytes decoded by the same {@link ObservationDecoder} — and the
 * four outputs collected, on a local Flink cluster, without a broker. {@link Records} are the
 * observations in order (with pauses and a hold for the model update), {@link Updates} the one
 * model update and when it is sent.
 */
final class SeamRun {

  private SeamRun() {}

  /** What the job wrote. */
  record Outputs(
      List<Forecast> forecasts,
      List<DeadLetter> deadLetters,
      List<DeadLetter> lateEvents,
      List<Anomaly> anomalies) {}

  static Outputs run(Records in, JobSettings settings) throws Exception {
    return run(in, settings, Updates.ANOTHER_MODELS);
  }

  /**
   * Runs the job on {@code in} with {@code updates} as its only model update, and returns what it
   * wrote. The forecasts are read while the job runs: {@code updates} may wait for a number of
   * them.
   */
  static Outputs run(Records in, JobSettings settings, Updates updates) throws Exception {
    Updates.arm(updates);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(settings.parallelism());
    int features = JobRunner.requiredFeatures(settings);
    DataGeneratorSource<DecodedRecord> source =
        new DataGeneratorSource<>(
            new Decoding(in, settings.validation(), features, settings.maxRecordBytes()),
            in.size(),
            TypeInformation.of(DecodedRecord.class));
    DataGeneratorSource<ModelUpdateEvent> updateSource =
        new DataGeneratorSource<>(updates, 1, TypeInformation.of(ModelUpdateEvent.class));
    ForecastJob.Outputs out = ForecastJob.build(env, source, updateSource, settings);
    try (CloseableIterator<Forecast> forecasts = out.forecasts().collectAsync();
        CloseableIterator<DeadLetter> dead = out.deadLetters().collectAsync();
        CloseableIterator<DeadLetter> late = out.lateEvents().collectAsync();
        CloseableIterator<Anomaly> anomalies = out.anomalies().collectAsync()) {
      JobClient job = env.executeAsync("job-behaviour");
      List<Forecast> written = new ArrayList<>();
      while (forecasts.hasNext()) {
        written.add(forecasts.next());
        Updates.forecastsSeen(written.size());
      }
      job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
      return new Outputs(written, list(dead), list(late), list(anomalies));
    }
  }

  private static <T> List<T> list(CloseableIterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** The records to send, in order: their offset is their index. */
  static final class Records implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int DEAD_LETTER_BYTES = ObservationDecoder.MAX_DEAD_LETTER_BYTES;
    private static final Duration PAUSE = Duration.ofSeconds(2);
    private final ArrayList<byte[]> keys = new ArrayList<>();
    private final ArrayList<byte[]> values = new ArrayList<>();
    private final HashSet<Integer> pauses = new HashSet<>();
    private final HashSet<Integer> holds = new HashSet<>();

    /**
     * After the last record added so far, the source waits {@link #PAUSE} before it goes on: long
     * enough for its periodic watermark (every 200 ms) to be emitted before the next record.
     */
    void pauseAfterLast() {
      pauses.add(keys.size() - 1);
    }

    /**
     * The next record waits until the update has been sent, then {@link #PAUSE} (its way to the
     * operator, on an otherwise idle edge): the records before it are answered by the old model,
     * the rest by the new one.
     */
    void holdForTheUpdate() {
      holds.add(keys.size());
    }

    void add(Observation o) {
      add(o.getKey().getBytes(StandardCharsets.UTF_8), WireCodec.observations().encode(o));
    }

    void add(byte[] key, byte[] value) {
      keys.add(key);
      values.add(value);
    }

    int size() {
      return keys.size();
    }

    /** The first bytes of record {@code offset}'s value, as a dead letter keeps them. */
    byte[] head(long offset) {
      byte[] v = values.get((int) offset);
      return v == null ? new byte[0] : Arrays.copyOf(v, Math.min(v.length, DEAD_LETTER_BYTES));
    }
  }

  /** Record {@code i}, decoded as the Kafka source's deserializer decodes it. */
  private static final class Decoding implements GeneratorFunction<Long, DecodedRecord> {
    private static final long serialVersionUID = 1L;
    private final Records records;
    private final ValidationRules rules;
    private final int features;
    private final int maxRecordBytes;
    private transient ObservationDecoder decoder;

    Decoding(Records records, ValidationRules rules, int features, int maxRecordBytes) {
      this.records = records;
      this.rules = rules;
      this.features = features;
      this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public void open(SourceReaderContext context) {
      decoder = new ObservationDecoder(rules, features, maxRecordBytes);
    }

    @Override
    public DecodedRecord map(Long i) throws InterruptedException, RegistryUnavailableException {
      int n = i.intValue();
      if (records.holds.contains(n)) {
        Updates.awaitSent();
      }
      if (records.pauses.contains(n) || records.holds.contains(n)) {
        Thread.sleep(Records.PAUSE.toMillis());
      }
      return decoder.decode(
          records.keys.get(n),
          records.values.get(n),
          new SourcePosition("observations", 0, n, System.currentTimeMillis()),
          System.currentTimeMillis());
    }
  }

  /**
   * The job's only model update, sent when the job has written {@code afterForecasts} forecasts.
   * The two test sources and the test's thread share one JVM (a local cluster): static latches
   * order them.
   */
  record Updates(
      String modelId,
      int version,
      String artifactUri,
      String manifestSha256,
      StatePolicy policy,
      int afterForecasts)
      implements GeneratorFunction<Long, ModelUpdateEvent> {

    /** Another model's update, which the job ignores. */
    static final Updates ANOTHER_MODELS =
        new Updates("another-model", 2, "file:///nowhere", "00", StatePolicy.KEEP, 0);

    private static final Duration WAIT = Duration.ofMinutes(1);
    private static volatile int threshold;
    private static volatile CountDownLatch answered = new CountDownLatch(0);
    private static volatile CountDownLatch sent = new CountDownLatch(0);
    private static volatile Runnable beforeSending = () -> {};

    static Updates of(ModelArtifact a, StatePolicy policy, int afterForecasts) {
      return new Updates(
          a.spec().id(),
          a.spec().version(),
          a.directory().toUri().toString(),
          a.manifestSha256(),
          policy,
          afterForecasts);
    }

    /** This update with its artifact at {@code uri}. */
    Updates at(String uri) {
      return new Updates(modelId, version, uri, manifestSha256, policy, afterForecasts);
    }

    /** Runs {@code r} just before the update is sent (once, in the next run). */
    static void beforeSending(Runnable r) {
      beforeSending = r;
    }

    static void arm(Updates u) {
      threshold = u.afterForecasts;
      answered = new CountDownLatch(u.afterForecasts > 0 ? 1 : 0);
      sent = new CountDownLatch(1);
    }

    static void forecastsSeen(int n) {
      if (n >= threshold) {
        answered.countDown();
      }
    }

    static void awaitSent() throws InterruptedException {
      if (!sent.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the model update was not sent within " + WAIT);
      }
    }

    @Override
    public ModelUpdateEvent map(Long i) throws InterruptedException {
      if (!answered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(afterForecasts + " forecasts did not come within " + WAIT);
      }
      beforeSending.run();
      beforeSending = () -> {};
      sent.countDown();
      ModelUpdate u =
          ModelUpdate.newBuilder()
              .setModelId(modelId)
              .setVersion(version)
              .setArtifactUri(artifactUri)
              .setManifestSha256(manifestSha256)
              .setPolicy(policy)
              .setPublishedAt(0L)
              .build();
      return new ModelUpdateEvent(u, null, new SourcePosition("model-updates", 0, 0, 0));
    }
  }
}
