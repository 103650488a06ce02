package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.registry.LoggingModelUpdatePublisher;
import io.statecast.serve.AuthConfig;
import io.statecast.serve.BearerToken;
import io.statecast.serve.ServerConfig;
import io.statecast.serve.StatecastServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's endpoints on a real model server, fed directly (no Kafka). */
class DashboardRoutesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READER = "reader-token-0123456789abcdef";
  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final DashboardLimits limits =
      DashboardLimits.builder().setPushInterval(Duration.ofMillis(100)).build();
  private final DashboardState state = new DashboardState(limits, System.currentTimeMillis());
  private GateSampler gates;
  private SseHub hub;
  private StatecastServer server;

  private URI start(boolean tokenForReads) throws Exception {
    return start(tokenForReads, List.of());
  }

  private URI start(boolean tokenForReads, List<String> watchedByDefault) throws Exception {
    gates = new GateSampler(GateModels.open(GateModelSource.none()), limits);
    hub = new SseHub(state, gates, limits, JSON, System::currentTimeMillis);
    hub.start();
    DashboardConfig config =
        DashboardConfig.builder("127.0.0.1:9")
            .optLimits(limits)
            .optWatchedByDefault(watchedByDefault)
            .build();
    DashboardRoutes routes =
        new DashboardRoutes(state, gates, hub, config, System::currentTimeMillis);
    AuthConfig auth =
        new AuthConfig(BearerToken.of(ADMIN), BearerToken.of(READER), tokenForReads, false);
    ServerConfig serverConfig =
        ServerConfig.builder(tmp.resolve("registry"))
            .optPort(0)
            .optEngine(Engine.of(EngineKind.REFERENCE))
            .optAuth(auth)
            .build();
    server =
        StatecastServer.start(serverConfig, new LoggingModelUpdatePublisher(), List.of(routes));
    return server.uri();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (gates != null) {
      gates.close();
    }
  }

  private HttpResponse<String> get(URI base, String path, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT);
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void servesThePageAndItsFilesFromTheJar() throws Exception {
    URI base = start(false);
    HttpResponse<String> redirect = get(base, "/dashboard", null);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).hasValue("/dashboard/");

    HttpResponse<String> page = get(base, "/dashboard/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body())
        .contains("<title>Statecast", "assets/chart.umd.min.js", "assets/app.js");

    HttpResponse<String> chart = get(base, "/dashboard/assets/chart.umd.min.js", null);
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("Chart.js v4.");
    assertThat(get(base, "/dashboard/assets/app.js", null).body()).contains("text/event-stream");
    assertThat(get(base, "/dashboard/assets/app.css", null).headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));

    HttpResponse<String> missing = get(base, "/dashboard/assets/secret.properties", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).path("error").asText()).contains("no dashboard file");
  }

  @Test
  void searchesKeysAndAnswersSeriesAndSummary() throws Exception {
    URI base = start(false);
    long now = System.currentTimeMillis();
    for (int d = 0; d < 3; d++) {
      state.observation(Events.observation("pump-1", d), now);
      state.observation(Events.observation("valve-1", d), now);
    }
    state.forecast(Events.forecast("pump-1", 0, 1, now - 20, now, 101f, 102f));

    JsonNode keys = json(get(base, "/dashboard/api/keys?q=pu", null));
    assertThat(keys.path("keys").toString()).isEqualTo("[\"pump-1\"]");
    assertThat(keys.path("held").asInt()).isEqualTo(2);
    assertThat(get(base, "/dashboard/api/keys?limit=0", null).statusCode()).isEqualTo(400);
    assertThat(get(base, "/dashboard/api/keys?limit=many", null).statusCode()).isEqualTo(400);

    JsonNode series = json(get(base, "/dashboard/api/series?key=pump-1", null));
    assertThat(series.path("points")).hasSize(3);
    assertThat(series.path("points").get(0).get(2).floatValue()).isEqualTo(101f);
    assertThat(series.path("points").get(1).get(2).isNull()).isTrue();
    assertThat(series.path("horizon").toString()).isEqualTo("[101.0,102.0]");
    assertThat(series.path("modelVersion").asInt()).isEqualTo(1);

    HttpResponse<String> unknown = get(base, "/dashboard/api/series?key=nope", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("error").asText()).contains("no series of key 'nope'");
    assertThat(get(base, "/dashboard/api/series", null).statusCode()).isEqualTo(400);
    assertThat(get(base, "/dashboard/api/series?key=" + "x".repeat(300), null).statusCode())
        .isEqualTo(400);

    JsonNode summary = json(get(base, "/dashboard/api/summary", null));
    assertThat(summary.path("stream").path("observations").path("total").asLong()).isEqualTo(6);
    assertThat(summary.path("stream").path("latency").path("p50").asDouble()).isEqualTo(20.0);
    assertThat(summary.path("gates").path("status").asText()).startsWith("off");
  }

  @Test
  void pushesTheStreamAndAWatchedKeysChangesAsServerSentEvents() throws Exception {
    URI base = start(false);
    long now = System.currentTimeMillis();
    state.observation(Events.observation("k", 0), now);

    try (SseReader sse = new SseReader(base.resolve("/dashboard/api/events?key=k"), null)) {
      assertThat(sse.status).isEqualTo(200);
      assertThat(sse.next("stream", WAIT)).isNotNull();
      assertThat(sse.next("gates", WAIT)).isNotNull();
      JsonNode first = JSON.readTree(sse.next("key", WAIT).data());
      assertThat(first.path("full").asBoolean()).isTrue();
      assertThat(first.path("points")).hasSize(1);

      state.observation(Events.observation("k", 1), now);
      JsonNode delta = JSON.readTree(sse.next("key", WAIT).data());
      assertThat(delta.path("full").asBoolean()).isFalse();
      assertThat(delta.path("points")).hasSize(1);
      assertThat(delta.path("points").get(0).get(0).asLong()).isEqualTo(Events.T0 + Events.DAY);
      assertThat(hub.pages()).isEqualTo(1);
    }
  }

  @Test
  void theEventStreamRefusesWrongRequestsWithAReason() throws Exception {
    URI base = start(false);
    HttpResponse<String> plain = get(base, "/dashboard/api/events", null);
    assertThat(plain.statusCode()).isEqualTo(406);
    assertThat(json(plain).path("error").asText()).contains("Accept: text/event-stream");

    StringBuilder many = new StringBuilder("/dashboard/api/events?key=a");
    for (int i = 0; i < limits.maxWatchedKeys(); i++) {
      many.append("&key=k").append(i);
    }
    try (SseReader sse = new SseReader(base.resolve(many.toString()), null)) {
      assertThat(sse.status).isEqualTo(400);
    }
  }

  @Test
  void namesTheKeysThePageWatchesWhenItsAddressNamesNone() throws Exception {
    URI base = start(false, List.of("Clark_Lake", "Belmont"));
    HttpResponse<String> r = get(base, "dashboard/api/defaults", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("watch")).hasSize(2);
    assertThat(json(r).get("watch").get(0).asText()).isEqualTo("Clark_Lake");
    assertThat(json(r).get("watch").get(1).asText()).isEqualTo("Belmont");
  }

  @Test
  void refusesMoreKeysToWatchByDefaultThanAPageWatches() {
    List<String> nine = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
    assertThatThrownBy(
            () -> DashboardConfig.builder("127.0.0.1:9").optWatchedByDefault(nine).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 8 keys");
  }

  @Test
  void withReadTokensTheApiNeedsOneButThePageDoesNot() throws Exception {
    URI base = start(true);
    assertThat(get(base, "/dashboard/", null).statusCode()).isEqualTo(200);
    assertThat(get(base, "/dashboard/assets/app.js", null).statusCode()).isEqualTo(200);
    assertThat(get(base, "/dashboard/api/summary", null).statusCode()).isEqualTo(401);
    assertThat(get(base, "/dashboard/api/keys", "wrong-token-0123456789").statusCode())
        .isEqualTo(401);
    assertThat(get(base, "/dashboard/api/keys", READER).statusCode()).isEqualTo(200);
    try (SseReader denied = new SseReader(base.resolve("/dashboard/api/events"), null)) {
      assertThat(denied.status).isEqualTo(401);
    }
    try (SseReader sse = new SseReader(base.resolve("/dashboard/api/events"), READER)) {
      assertThat(sse.status).isEqualTo(200);
      assertThat(sse.next("stream", WAIT)).isNotNull();
    }
  }
}
