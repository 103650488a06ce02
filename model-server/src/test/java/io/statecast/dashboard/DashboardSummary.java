package io.statecast.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** The dashboard's {@code api/summary}, read over HTTP as the page reads it. */
final class DashboardSummary {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(60);

  private DashboardSummary() {}

  /** The summary now. */
  static JsonNode of(URI base) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("api/summary")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The summary once {@code done} holds (within {@link #WAIT}). */
  static JsonNode when(URI base, Predicate<JsonNode> done) {
    return await("dashboard summary")
        .dontCatchUncaughtExceptions()
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> of(base), done);
  }
}
