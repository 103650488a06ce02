package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.registry.LoggingModelUpdatePublisher;
import io.statecast.registry.ModelRegistry;
import io.statecast.serve.ServerConfig;
import io.statecast.serve.StatecastServer;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.wire.ValueFormat;
import io.statecast.wire.WireCodec;
import io.statecast.wire.format.FormatSettings;
import io.statecast.wire.registry.RegistrySettings;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in the job's other value formats, on a real broker: JSON observations, forecasts
 * and dead letters reach its state (and an Avro value on a JSON topic is counted undecodable); with
 * {@code avro-registry} and a registry that does not answer, the reader waits (and says so) rather
 * than skipping the record, and the dashboard still closes within a bound.
 */
class DashboardFormatIT {

  @TempDir static Path tmp;

  @RegisterExtension
  static final EmbeddedKafkaExtension embedded =
      EmbeddedKafkaExtension.create()
          .withTopic("observations", 2)
          .withTopic("forecasts", 2)
          .withTopic("dead-letters", 1)
          .withTopic("late-events", 1)
          .withTopic("registry-observations", 1);

  @Test
  void jsonTopicsReachTheDashboardsState() throws Exception {
    ModelArtifact model = SeasonalModel.write(tmp.resolve("model"), "ridership", 1, 5);
    DashboardConfig config =
        DashboardConfig.builder(embedded.broker().bootstrapServers())
            .optStartFrom(StartFrom.EARLIEST)
            .optFormat(FormatSettings.JSON)
            .build();
    List<List<Observation>> days = Ridership.lastDays(Set.of("Belmont", "Austin"), 5);
    try (DashboardService dashboard = DashboardService.start(config);
        StatecastServer server = serve(dashboard);
        StandInJob job = new StandInJob(embedded.broker(), model, FormatSettings.JSON)) {
      URI base = DashboardService.url(server);
      for (List<Observation> day : days) {
        job.run(day);
      }
      job.reject("dead-letters", ErrorKind.NON_FINITE_VALUE, "Belmont", "target is NaN");
      job.garbage(WireCodec.observations().encode(days.get(0).get(0))); // Avro on a JSON topic

      JsonNode s =
          DashboardSummary.when(
              base,
              x ->
                  x.at("/stream/forecasts/total").asLong() == 10
                      && x.at("/stream/deadLetters/total").asLong() == 1
                      && x.at("/stream/undecodable/observations").asLong() == 1);
      assertThat(s.at("/stream/observations/total").asLong()).isEqualTo(10);
      assertThat(s.at("/stream/deadLetters/latestByKind/NON_FINITE_VALUE/message").asText())
          .isEqualTo("target is NaN");
      assertThat(s.at("/stream/keys/held").asInt()).isEqualTo(2);
      assertThat(s.at("/stream/undecodable/forecasts").isMissingNode()).isTrue();
    }
  }

  @Test
  void aRegistryThatDoesNotAnswerIsWaitedForAndCloseStaysBounded() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort(); // nothing listens there once closed
    }
    FormatSettings registry =
        new FormatSettings(
            ValueFormat.AVRO_REGISTRY,
            null,
            new RegistrySettings(
                URI.create("http://127.0.0.1:" + closed),
                null,
                null,
                null,
                null,
                Duration.ofSeconds(1)));
    DashboardConfig config =
        DashboardConfig.builder(embedded.broker().bootstrapServers())
            .optStartFrom(StartFrom.EARLIEST)
            .optTopics(
                new DashboardTopics(
                    "registry-observations", "registry-forecasts", "registry-dl", "registry-le"))
            .optFormat(registry)
            .build();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(embedded.broker().producerProperties())) {
      byte[] framed = {0, 0, 0, 0, 7, 2, 'k'}; // schema id 7: only the registry knows it
      producer
          .send(
              new ProducerRecord<>(
                  "registry-observations", "k".getBytes(StandardCharsets.UTF_8), framed))
          .get();
    }
    DashboardService dashboard = DashboardService.start(config);
    long closedIn;
    try (StatecastServer server = serve(dashboard)) {
      JsonNode s =
          DashboardSummary.when(
              DashboardService.url(server),
              x -> x.at("/stream/source").asText().startsWith("waiting for the schema registry"));
      assertThat(s.at("/stream/undecodable/registry-observations").isMissingNode())
          .as("the record waits: it is not the record's fault")
          .isTrue();
      assertThat(s.at("/stream/observations/total").asLong()).isZero();
    } finally {
      long t0 = System.nanoTime();
      dashboard.close();
      closedIn = (System.nanoTime() - t0) / 1_000_000;
    }
    assertThat(closedIn).as("ms to close while waiting for the registry").isLessThan(8_000);
  }

  private static StatecastServer serve(DashboardService dashboard) throws Exception {
    ModelRegistry.open(tmp.resolve("registry"), new LoggingModelUpdatePublisher());
    ServerConfig serverConfig =
        ServerConfig.builder(tmp.resolve("registry"))
            .optPort(0)
            .optEngine(Engine.of(EngineKind.REFERENCE))
            .build();
    return StatecastServer.start(
        serverConfig, new LoggingModelUpdatePublisher(), List.of(dashboard.routes()));
  }
}
