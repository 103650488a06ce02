package io.statecast.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.job.JobRunner;
import io.statecast.job.JobSettings;
import io.statecast.job.KafkaSettings;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalCluster;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million distinct keys, each appearing once, streamed at a steady rate into a job whose state
 * expires after a few idle seconds: every one gets its forecast, and the keyed state stays bounded
 * by the TTL (about rate × TTL keys live at a time), far below the million keys seen.
 */
class MillionKeysIT {

  @RegisterExtension
  final EmbeddedKafkaExtension embedded = EmbeddedKafkaExtension.create().withJobTopics();

  private static final int KEYS = 1_000_000;
  private static final int RATE = 25_000; // observations per second
  private static final Duration TTL = Duration.ofSeconds(4);
  private static final Duration WAIT = Duration.ofMinutes(5);

  @TempDir Path tmp;

  @Test
  void stateStaysBoundedByTheTtlWhileAMillionKeysPass() throws Exception {

    EmbeddedKafka kafka = embedded.broker();
    ModelArtifact model = TestModels.write(tmp.resolve("model"));
    ForecastOperatorConfig op =
        ForecastOperatorConfig.builder(model.directory().toString())
            .setBatch(256, Duration.ofMillis(10))
            .optStateTtl(TTL)
            .build();
    JobSettings s =
        JobSettings.builder(op)
            .setCheckpointInterval(Duration.ofSeconds(2))
            .optCheckpointDir(tmp.resolve("cp").toUri().toString())
            .setParallelism(2)
            .build();
    try (LocalCluster cluster = LocalCluster.start(JobRunner.flinkConfiguration(s), 2, "0")) {
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(JobRunner.flinkConfiguration(s));
      JobRunner.wireKafka(env, KafkaSettings.builder(kafka.bootstrapServers()).build(), s);
      JobID job = cluster.submit(env, "million-keys");
      long maxLive = produce(kafka, cluster, job);
      double out =
          await("a forecast of every key")
              .dontCatchUncaughtExceptions()
              .atMost(WAIT)
              .pollDelay(Duration.ofSeconds(1))
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> cluster.metricSum(job, "lstm-forecast", "forecastsOut"), n -> n >= KEYS);
      double live = cluster.metricSum(job, "lstm-forecast", "keysWithState");
      maxLive = Math.max(maxLive, (long) live);
      System.out.printf(
          "a million keys once each: %.0f forecasts; keyed state entries at most %,d"
              + " while streaming (%,d at the end); bound rate x TTL = %,d%n",
          out, maxLive, (long) live, RATE * TTL.toSeconds());
      assertThat(out).isEqualTo(KEYS);
      assertThat(maxLive).isLessThan(KEYS / 5);
      cluster.cancel(job, Duration.ofSeconds(60));
    }
  }

  /** Sends the keys at {@link #RATE}; returns the largest keyed-state count seen meanwhile. */
  private static long produce(EmbeddedKafka kafka, LocalCluster cluster, JobID job)
      throws Exception {
    Properties p = kafka.producerProperties();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    WireCodec<Observation> codec = WireCodec.observations();
    long maxLive = 0;
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < KEYS; i++) {
        String key = "k-" + i;
        Observation o = TestModels.observationAt(key, i, (float) (i % 97));
        producer.send(
            new ProducerRecord<>(
                "observations", key.getBytes(StandardCharsets.UTF_8), codec.encode(o)));
        if (i % RATE == RATE - 1) {
          long due = t0 + (long) ((i + 1) * 1e9 / RATE);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
          }
          maxLive =
              Math.max(maxLive, (long) cluster.metricSum(job, "lstm-forecast", "keysWithState"));
        }
      }
    }
    return maxLive;
  }
}
