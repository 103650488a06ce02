package io.statecast.testing.flink;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink MiniCluster that outlives one job, on loopback, with its web UI: the embedded demo starts
 * it, submits the job built on an environment, shows the web UI's address, and cancels the job when
 * asked.
 */
public final class LocalCluster implements AutoCloseable {

  private final MiniCluster cluster;

  private LocalCluster(MiniCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts a cluster of one TaskManager.
   *
   * @param base Flink configuration (checkpointing, state backend, …)
   * @param slots task slots (the job's parallelism at most)
   * @param webPorts the web UI port or a range such as {@code 8081-8090}
   */
  public static LocalCluster start(Configuration base, int slots, String webPorts)
      throws Exception {
    Configuration c = LocalFlink.loopback(base, 0);
    c.set(org.apache.flink.configuration.RestOptions.BIND_PORT, webPorts);
    MiniCluster mc =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(c)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    mc.start();
    return new LocalCluster(mc);
  }

  /** The web UI (and REST API) address. */
  public URI webUi() throws Exception {
    return cluster.getRestAddress().get(30, TimeUnit.SECONDS);
  }

  /** Submits the job defined on {@code env}. */
  public JobID submit(StreamExecutionEnvironment env, String name) throws Exception {
    StreamGraph stream = env.getStreamGraph();
    stream.setJobName(name);
    JobGraph graph = stream.getJobGraph();
    return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
  }

  /**
   * Stops a job with a savepoint in {@code directory} (exactly-once output committed) and returns
   * the savepoint's path, to restart from, possibly at another parallelism.
   */
  public String stopWithSavepoint(JobID job, java.nio.file.Path directory, Duration timeout)
      throws Exception {
    return cluster
        .stopWithSavepoint(
            job,
            directory.toUri().toString(),
            false,
            org.apache.flink.core.execution.SavepointFormatType.CANONICAL)
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The parallelism of the job's vertex whose name contains {@code name}, or -1. */
  public int parallelism(JobID job, String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    java.util.List<String> seen = new java.util.ArrayList<>();
    do {
      var graph = cluster.getArchivedExecutionGraph(job).get(30, TimeUnit.SECONDS);
      seen.clear();
      for (var v : graph.getAllVertices().values()) {
        seen.add(v.getName());
        if (v.getName().contains(name)) {
          return v.getParallelism();
        }
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException("no vertex named like '" + name + "' in " + seen);
  }

  /**
   * The sum over subtasks of an operator metric of the job's vertex whose name contains {@code
   * vertex} (e.g. {@code lstm-forecast}, {@code forecastsOut}), read through the REST API; -1 when
   * the metric is not (yet) reported.
   */
  public double metricSum(JobID job, String vertex, String metric) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    String base = webUi().toString().replaceAll("/$", "") + "/jobs/" + job;
    var jobJson = mapper.readTree(get(http, base));
    for (var v : jobJson.path("vertices")) {
      if (!v.path("name").asText().contains(vertex)) {
        continue;
      }
      String vid = base + "/vertices/" + v.path("id").asText() + "/subtasks/metrics";
      for (var m : mapper.readTree(get(http, vid))) {
        String id = m.path("id").asText();
        if (id.endsWith("." + metric) || id.equals(metric)) {
          var values = mapper.readTree(get(http, vid + "?get=" + id));
          return values.path(0).path("sum").asDouble(-1);
        }
      }
    }
    return -1;
  }

  private static String get(java.net.http.HttpClient http, String url) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build();
    return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * Waits, up to {@code timeout}, until every task of the job runs (deployed, operators opened and
   * models loaded), so that traffic sent afterwards is not measured waiting for the start.
   *
   * @throws IllegalStateException when the job ends or the time runs out first
   */
  public void awaitAllTasksRunning(JobID job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var graph = cluster.getArchivedExecutionGraph(job).get(30, TimeUnit.SECONDS);
      if (graph.getState().isGloballyTerminalState()) {
        throw new IllegalStateException("the job ended while starting: " + graph.getState());
      }
      boolean all = graph.getState() == JobStatus.RUNNING;
      for (var v : graph.getAllExecutionVertices()) {
        all &= v.getExecutionState() == org.apache.flink.runtime.execution.ExecutionState.RUNNING;
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the job's tasks were not all running after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /** The job's status. */
  public JobStatus status(JobID job) throws Exception {
    return cluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
  }

  /** Cancels a job and waits, up to {@code timeout}, for it to end. */
  public void cancel(JobID job, Duration timeout) throws Exception {
    if (!status(job).isGloballyTerminalState()) {
      cluster.cancelJob(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for a job to end and returns its result. */
  public JobResult result(JobID job, Duration timeout) throws Exception {
    return cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
