package io.statecast.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.job.JobSettings;
import io.statecast.job.KafkaSettings;
import io.statecast.job.TestJobs;
import io.statecast.operator.ForecastOperatorConfig;
import io.statecast.testing.Pipeline;
import io.statecast.testing.TestModels;
import io.statecast.testing.kafka.EmbeddedKafka;
import io.statecast.testing.kafka.EmbeddedKafkaConfig;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a broker that requires SASL/PLAIN: Kafka security settings are passed through
 * from configuration to every client (source, sinks, model updates), and the password appears in no
 * log line.
 */
class SaslJobIT {

  @RegisterExtension
  final EmbeddedKafkaExtension embedded =
      EmbeddedKafkaExtension.create(
              EmbeddedKafkaConfig.builder().optSaslPlain(Map.of(USER, PASSWORD)).build())
          .withTopic("observations", 2)
          .withTopic("forecasts", 1)
          .withTopic("dead-letters", 1)
          .withTopic("late-events", 1)
          .withTopic("anomalies", 1)
          .withTopic("model-updates", 1);

  private static final String USER = "statecast-job";
  private static final String PASSWORD = "pw-7f3a9c1e-not-for-logs";

  @TempDir Path tmp;

  @Test
  void theJobAuthenticatesWithSaslPlainAndLogsNoSecret() throws Exception {
    StringWriter logs = new StringWriter();
    WriterAppender capture = captureLogs(logs);

    EmbeddedKafka kafka = embedded.broker();
    ModelArtifact model = TestModels.write(tmp.resolve("model"));
    Properties client = kafka.clientProperties(USER, PASSWORD);
    Properties producer = new Properties();
    producer.putAll(client);
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (Pipeline traffic = new Pipeline(client, producer, TestModels.Offline.float32(model))) {
      traffic.sendDays(10, 0, 10);
      Properties security = new Properties();
      client.forEach(
          (k, v) -> {
            if (!k.equals("bootstrap.servers")) {
              security.put(k, v);
            }
          });
      KafkaSettings k = TestJobs.bounded(kafka).optClientProperties(security).build();
      JobSettings s =
          JobSettings.builder(ForecastOperatorConfig.builder(model.directory().toString()).build())
              .setCheckpointInterval(Duration.ofSeconds(1))
              .optCheckpointDir(tmp.resolve("cp").toUri().toString())
              .setParallelism(1)
              .build();
      TestJobs.runToEnd(s, k, "sasl-it");
      Pipeline.Check c = traffic.check();
      System.out.println(
          "SASL/PLAIN: " + c + "; client properties as logged: " + k.describeProperties());
      assertThat(c.lost()).isZero();
      assertThat(c.duplicated()).isZero();
      assertThat(k.describeProperties())
          .contains("sasl.jaas.config=******")
          .doesNotContain(PASSWORD);
    } finally {
      detach(capture);
    }
    assertThat(logs.toString()).as("captured logs").isNotEmpty().doesNotContain(PASSWORD);
  }

  private static WriterAppender captureLogs(StringWriter into) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    WriterAppender a =
        WriterAppender.newBuilder()
            .setName("secret-check")
            .setTarget(into)
            .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build())
            .build();
    a.start();
    config.addAppender(a);
    config.getRootLogger().addAppender(a, Level.ALL, null);
    config.getRootLogger().setLevel(Level.INFO); // more than usual, to give secrets every chance
    ctx.updateLoggers();
    return a;
  }

  private static void detach(WriterAppender a) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getRootLogger().removeAppender(a.getName());
    ctx.getConfiguration().getRootLogger().setLevel(Level.WARN);
    ctx.updateLoggers();
    a.stop();
  }
}
