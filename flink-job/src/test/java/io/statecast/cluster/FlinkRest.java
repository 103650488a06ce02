package io.statecast.cluster;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parts of Flink's REST API a deployment uses (what the web UI and {@code curl} do): cluster
 * overview, jar upload and run (from a savepoint too), job state, metrics, exceptions, stop with a
 * savepoint, cancellation.
 */
final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FlinkRest(String base) {
    this.base = base;
  }

  /** {@code GET /overview}: TaskManagers, slots, jobs; null while the REST endpoint is down. */
  JsonNode overviewOrNull() {
    try {
      HttpResponse<String> r = send(get("/overview"));
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code POST /jars/upload} (multipart, field {@code jarfile}): the uploaded jar's id. */
  String uploadJar(Path jar) throws IOException {
    String boundary = "statecast-" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
            + jar.getFileName()
            + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
            .timeout(Duration.ofMinutes(3))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                BodyPublishers.concat(
                    BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                    BodyPublishers.ofFile(jar),
                    BodyPublishers.ofString(tail, StandardCharsets.UTF_8)))
            .build();
    JsonNode r = expectOk(send(req), "upload " + jar);
    String file = r.path("filename").asText();
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /**
   * {@code POST /jars/ID/run} with program arguments, from a savepoint unless {@code savepoint} is
   * null: the job id.
   */
  String runJar(String jarId, List<String> programArgs, String savepoint) throws IOException {
    Map<String, Object> body = new HashMap<>();
    body.put("programArgsList", programArgs);
    if (savepoint != null) {
      body.put("savepointPath", savepoint);
      body.put("allowNonRestoredState", false);
    }
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
            .timeout(Duration.ofMinutes(3))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return expectOk(send(req), "run jar " + jarId).path("jobid").asText();
  }

  /** {@code GET /jobs/ID}: state and vertices. */
  JsonNode job(String jobId) throws IOException {
    return expectOk(send(get("/jobs/" + jobId)), "job " + jobId);
  }

  /** {@code GET /jobs/ID/exceptions}: the job's failure history. */
  JsonNode exceptions(String jobId) throws IOException {
    return expectOk(send(get("/jobs/" + jobId + "/exceptions")), "exceptions of " + jobId);
  }

  /**
   * The sum over subtasks of every metric of the job's vertices whose name ends with {@code .NAME}
   * (operator metrics are named {@code OPERATOR.NAME} in a vertex), by full name.
   */
  Map<String, Double> operatorMetricSums(String jobId, List<String> names) throws IOException {
    Map<String, Double> sums = new HashMap<>();
    for (JsonNode v : job(jobId).path("vertices")) {
      String vertex = "/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
      StringBuilder wanted = new StringBuilder();
      for (JsonNode m : expectOk(send(get(vertex)), "metrics of " + vertex)) {
        String id = m.path("id").asText();
        if (names.stream().anyMatch(n -> id.endsWith("." + n))) {
          wanted.append(wanted.length() == 0 ? "" : ",").append(id);
        }
      }
      if (wanted.length() > 0) {
        String q = vertex + "?agg=sum&get=" + wanted;
        for (JsonNode m : expectOk(send(get(q)), "metrics " + q)) {
          sums.merge(m.path("id").asText(), m.path("sum").asDouble(), Double::sum);
        }
      }
    }
    return sums;
  }

  /**
   * {@code POST /jobs/ID/stop} (stop with a savepoint, without draining), then polls {@code GET
   * /jobs/ID/savepoints/TRIGGER} until it completes: the savepoint's location.
   */
  String stopWithSavepoint(String jobId, String directory, Duration timeout) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/stop"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(
                BodyPublishers.ofString(
                    JSON.writeValueAsString(Map.of("targetDirectory", directory, "drain", false))))
            .build();
    String trigger = expectOk(send(req), "stop " + jobId).path("request-id").asText();
    JsonNode r =
        await("savepoint of " + jobId + " done")
            .dontCatchUncaughtExceptions()
            .atMost(timeout)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    expectOk(
                        send(get("/jobs/" + jobId + "/savepoints/" + trigger)),
                        "savepoint of " + jobId),
                s -> s.path("status").path("id").asText().equals("COMPLETED"));
    JsonNode op = r.path("operation");
    if (op.has("failure-cause")) {
      throw new IOException("savepoint of " + jobId + " failed: " + op.path("failure-cause"));
    }
    return op.path("location").asText();
  }

  /** {@code PATCH /jobs/ID?mode=cancel}. */
  void cancel(String jobId) throws IOException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
            .timeout(Duration.ofSeconds(30))
            .method("PATCH", BodyPublishers.noBody())
            .build();
    HttpResponse<String> r = send(req);
    if (r.statusCode() / 100 != 2) {
      throw new IOException("cancel " + jobId + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build();
  }

  private HttpResponse<String> send(HttpRequest req) throws IOException {
    try {
      return http.send(req, BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + req.uri(), e);
    }
  }

  private static JsonNode expectOk(HttpResponse<String> r, String what) throws IOException {
    if (r.statusCode() / 100 != 2) {
      throw new IOException(what + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
