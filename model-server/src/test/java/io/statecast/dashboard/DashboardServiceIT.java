package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.registry.LoggingModelUpdatePublisher;
import io.statecast.registry.ModelRegistry;
import io.statecast.serve.ServerConfig;
import io.statecast.serve.StatecastServer;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard on a real broker: a stand-in for the job writes observations and (transactional)
 * forecasts; the dashboard's API must show exactly the committed ones, with the dead letters, late
 * events and undecodable input, and gate histograms from the model the forecasts name.
 */
class DashboardServiceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATIONS = Set.of("Clark_Lake", "Belmont", "Austin");

  @TempDir static Path tmp;

  @RegisterExtension
  static final EmbeddedKafkaExtension embedded =
      EmbeddedKafkaExtension.create()
          .withTopic("observations", 2)
          .withTopic("forecasts", 2)
          .withTopic("dead-letters", 1)
          .withTopic("late-events", 1);

  @Test
  void showsExactlyTheCommittedStreamWithRejectsAndGates() throws Exception {
    Path root = tmp.resolve("registry");
    ModelRegistry registry = ModelRegistry.open(root, new LoggingModelUpdatePublisher());
    ModelArtifact model = SeasonalModel.write(tmp.resolve("model"), "ridership", 1, 5);
    registry.add(model.directory());
    registry.promote("ridership", 1, StatePolicy.RESET, "test");

    DashboardConfig config =
        DashboardConfig.builder(embedded.broker().bootstrapServers())
            .optStartFrom(StartFrom.EARLIEST)
            .optModels(GateModelSource.registry(root))
            .build();
    ServerConfig serverConfig =
        ServerConfig.builder(root).optPort(0).optEngine(Engine.of(EngineKind.REFERENCE)).build();
    List<List<Observation>> days = Ridership.lastDays(STATIONS, 40);
    try (DashboardService dashboard = DashboardService.start(config);
        StatecastServer server =
            StatecastServer.start(
                serverConfig, new LoggingModelUpdatePublisher(), List.of(dashboard.routes()));
        StandInJob job = new StandInJob(embedded.broker(), model)) {
      URI base = DashboardService.url(server);
      assertThat(base.getPath()).isEqualTo("/dashboard/");
      for (List<Observation> day : days) {
        job.run(day);
      }
      Observation first = days.get(0).get(0);
      job.abort(
          List.of(
              Events.forecast("ghost", 0, 9, 0, System.currentTimeMillis(), 1f),
              Events.forecast(first.getKey(), 0, 9, 0, System.currentTimeMillis(), 1f)));
      job.reject("dead-letters", ErrorKind.NON_FINITE_VALUE, "Belmont", "target is NaN");
      job.reject("late-events", ErrorKind.LATE_EVENT, "Austin", "2 days behind the watermark");
      job.garbage(new byte[] {1, 2, 3});
      job.run(
          List.of(Ridership.lastDays(Set.of("Clark_Lake"), 1).get(0).get(0))); // after the abort

      JsonNode s =
          DashboardSummary.when(
              base,
              x ->
                  x.at("/stream/forecasts/total").asLong() == 121
                      && x.at("/stream/lateEvents/total").asLong() == 1
                      && x.at("/stream/undecodable/observations").asLong() == 1
                      && x.at("/gates/steps").asLong() >= 120);
      JsonNode stream = s.path("stream");
      assertThat(stream.at("/observations/total").asLong()).isEqualTo(121);
      assertThat(stream.at("/deadLetters/byKind/NON_FINITE_VALUE").asLong()).isEqualTo(1);
      assertThat(stream.at("/deadLetters/latestByKind/NON_FINITE_VALUE/message").asText())
          .isEqualTo("target is NaN");
      assertThat(stream.at("/lateEvents/latestByKind/LATE_EVENT/key").asText()).isEqualTo("Austin");
      assertThat(stream.path("models").toString())
          .isEqualTo("[{\"id\":\"ridership\",\"version\":1,\"forecasts\":121}]"); // no v9: aborted
      assertThat(stream.at("/latency/samples").asInt()).isEqualTo(121);
      assertThat(stream.at("/keys/held").asInt()).isEqualTo(3); // no "ghost"
      assertThat(stream.path("source").asText()).startsWith("reading 6 partitions");

      JsonNode gates = s.path("gates");
      assertThat(gates.path("modelId").asText()).isEqualTo("ridership");
      assertThat(gates.path("sampledKeys").asInt()).isEqualTo(3);
      assertThat(gates.path("layers")).hasSize(2);
      long counted = 0;
      for (JsonNode v : gates.path("layers").get(0).path("input")) {
        counted += v.asLong();
      }
      assertThat(counted).isEqualTo(gates.path("steps").asLong() * 16); // H values per step

      HttpResponse<String> series =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(base.resolve("api/series?key=" + first.getKey())).build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode view = JSON.readTree(series.body());
      assertThat(view.path("points")).hasSize(first.getKey().equals("Clark_Lake") ? 41 : 40);
      assertThat(view.path("horizon")).hasSize(SeasonalModel.HORIZON);
      assertThat(view.path("modelVersion").asInt()).isEqualTo(1);
      // The seasonal-naive head forecasts one step ahead the value of 6 days before.
      JsonNode pts = view.path("points");
      int last = 39;
      assertThat(pts.get(last).get(2).doubleValue())
          .isCloseTo(pts.get(last - 6).get(1).doubleValue(), within(1e-4)); // scaled and back
    }
  }
}
