package io.statecast.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Observation;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import io.statecast.job.JobRunner;
import io.statecast.job.JobSettings;
import io.statecast.job.KafkaSettings;
import io.statecast.job.TestJobs;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RecordingPublisher;
import io.statecast.serve.AuthConfig;
import io.statecast.serve.BearerToken;
import io.statecast.serve.ServerConfig;
import io.statecast.serve.StatecastServer;
import io.statecast.testing.BadInputs;
import io.statecast.testing.ServingModels;
import io.statecast.testing.TestModels;
import io.statecast.testing.flink.LocalFlink;
import io.statecast.testing.kafka.EmbeddedKafkaExtension;
import io.statecast.wire.WireCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric that the Grafana dashboard and the Prometheus alert rules of the compose stack query
 * is one that the job and the model server really export. The job runs on a MiniCluster against a
 * real broker with Flink's Prometheus reporter (the one the cluster's images configure), is fed
 * valid observations, a late one and one bad record of each kind, and its reporter's endpoint is
 * scraped once the job has forecast and dead-lettered them all; a real model server steps a few
 * observations and its {@code /metrics} is scraped without a token, as Prometheus scrapes it. The
 * metric names of every PromQL expression ({@link PromQl}) must appear in the scrapes; so that the
 * check can fail, a name that nothing exports must be reported missing. The scrapes are written to
 * {@code target/monitoring-scrapes/} for reference. Flink's reporter has no address option: it
 * listens on the free port it is given on every interface, and is scraped on 127.0.0.1.
 */
class MonitoringMetricsIT {

  private static final int KEYS = 6;
  private static final int DAYS = 10;
  private static final String ADMIN = "monitoring-admin-token-0123456789";
  private static final String BOGUS = "flink_taskmanager_job_task_operator_noSuchMetric";

  @RegisterExtension
  final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.create().withJobTopics();

  @TempDir Path tmp;

  @Test
  void everyMetricOfTheDashboardAndTheAlertsIsExported() throws Exception {
    Set<String> exported = new TreeSet<>();
    exported.addAll(names(save("job.txt", scrapeJob())));
    exported.addAll(names(save("model-server.txt", scrapeModelServer())));
    exported.addAll(PromQl.PROMETHEUS_SERIES);

    Map<String, Set<String>> missing = missing(MonitoringFiles.queries(), exported);
    assertThat(missing).as("metrics queried but not exported, by query").isEmpty();

    List<MonitoringFiles.Query> bogus =
        List.of(new MonitoringFiles.Query("a bogus panel", "sum(rate(" + BOGUS + "[1m]))"));
    assertThat(missing(bogus, exported))
        .as("a metric nothing exports is reported")
        .containsExactly(Map.entry("a bogus panel: sum(rate(" + BOGUS + "[1m]))", Set.of(BOGUS)));
  }

  /** For each query naming a metric not in {@code exported}: those names. */
  static Map<String, Set<String>> missing(
      List<MonitoringFiles.Query> queries, Set<String> exported) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (MonitoringFiles.Query q : queries) {
      Set<String> names = new TreeSet<>(PromQl.metricNames(q.expr()));
      assertThat(names).as("%s names a metric: %s", q.where(), q.expr()).isNotEmpty();
      names.removeAll(exported);
      if (!names.isEmpty()) {
        out.put(q.where() + ": " + q.expr(), names);
      }
    }
    return out;
  }

  /**
   * The Flink metrics the dashboard and the rules query. The scrape is taken once they are all
   * there (or the wait ends and the assertion names the missing ones): a metric the reporter gets
   * late is exported, one it never gets is not.
   */
  private static Set<String> flinkNamesQueried() {
    Set<String> out = new TreeSet<>();
    for (MonitoringFiles.Query q : MonitoringFiles.queries()) {
      PromQl.metricNames(q.expr()).stream().filter(n -> n.startsWith("flink_")).forEach(out::add);
    }
    return out;
  }

  /** The sample names of a scrape in Prometheus's text format. */
  static Set<String> names(String exposition) {
    Set<String> out = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      out.add(line.substring(0, end));
    }
    return out;
  }

  /** Runs the job with the Prometheus reporter, feeds it, and scrapes the reporter. */
  private String scrapeJob() throws Exception {
    ModelArtifact model = TestModels.write(tmp.resolve("model"));
    int bad = feed();
    int port = freePort();
    JobSettings settings = TestJobs.settings(model, 1).build();
    Configuration conf = new Configuration(JobRunner.flinkConfiguration(settings));
    conf.setString("metrics.reporters", "prom");
    conf.setString(
        "metrics.reporter.prom.factory.class", PrometheusReporterFactory.class.getName());
    conf.setString("metrics.reporter.prom.port", Integer.toString(port));
    StreamExecutionEnvironment env = LocalFlink.local(conf, 1);
    JobRunner.wireKafka(
        env, KafkaSettings.builder(kafka.broker().bootstrapServers()).build(), settings);
    JobClient job = env.executeAsync("monitoring-metrics-it");
    try {
      URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
      String[] last = {""};
      Awaitility.await(
              "the job forecast every valid and dead-lettered every bad record, and exports"
                  + " every metric queried")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                last[0] = get(uri);
                return sum(last[0], "flink_taskmanager_job_task_operator_forecastsOut")
                        >= KEYS * DAYS
                    && sum(last[0], "flink_taskmanager_job_task_operator_deadLetters") >= bad
                    && names(last[0]).containsAll(flinkNamesQueried());
              });
      return last[0];
    } finally {
      job.cancel().get();
    }
  }

  /**
   * Valid observations of {@link #KEYS} keys over {@link #DAYS} days, one late one, and one bad
   * record of each kind refused before the operator; returns how many of them are dead letters.
   */
  private int feed() {
    WireCodec<Observation> codec = WireCodec.observations();
    List<byte[][]> records = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      for (int k = 0; k < KEYS; k++) {
        Observation o = TestModels.observation("key-" + k, d, (float) (10 + Math.sin(d + k)));
        records.add(new byte[][] {bytes(o.getKey()), codec.encode(o)});
      }
    }
    Observation late = TestModels.observation("key-0", 2, 10f);
    records.add(new byte[][] {bytes(late.getKey()), codec.encode(late)});
    List<BadInputs.Bad> bad = BadInputs.beforeTheOperator();
    for (BadInputs.Bad b : bad) {
      records.add(new byte[][] {b.key(), b.value()});
    }
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(kafka.broker().producerProperties())) {
      for (byte[][] r : records) {
        p.send(new ProducerRecord<>("observations", r[0], r[1]));
      }
      p.flush();
    }
    return bad.size();
  }

  /** Starts a model server (admin token, reads open, as in the compose file) and scrapes it. */
  private String scrapeModelServer() throws Exception {
    Path registry = tmp.resolve("registry");
    ModelRegistry r = ModelRegistry.open(registry, new RecordingPublisher());
    r.add(ServingModels.write(tmp.resolve("demo-v1"), "demo", 1, 11).directory());
    r.promote("demo", 1, StatePolicy.KEEP, "monitoring test");
    ServerConfig config =
        ServerConfig.builder(registry)
            .optPort(0)
            .optEngine(Engine.of(EngineKind.REFERENCE))
            .optAuth(new AuthConfig(BearerToken.of(ADMIN), null, false, false))
            .build();
    try (StatecastServer server = StatecastServer.start(config, new RecordingPublisher())) {
      String base = "http://127.0.0.1:" + server.port();
      String body =
          "{\"observations\":[{\"eventTime\":1700000000000,\"target\":101.5},"
              + "{\"eventTime\":1700086400000,\"target\":99.0}]}";
      HttpResponse<String> stepped =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/v1/models/demo/keys/k1/observations"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(stepped.statusCode()).as(stepped.body()).isEqualTo(200);
      return get(URI.create(base + "/metrics"));
    }
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  /** The sum of every sample of {@code name} (any labels) in a scrape. */
  private static double sum(String exposition, String name) {
    double total = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private static String save(String name, String scrape) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "monitoring-scrapes"));
    Files.writeString(dir.resolve(name), scrape, StandardCharsets.UTF_8);
    return scrape;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
