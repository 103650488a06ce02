package io.statecast.testing.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this JVM for the embedded demo and the integration tests, with every
 * address on 127.0.0.1 (REST, RPC, TaskManager) so nothing listens beyond loopback.
 */
public final class LocalFlink {

  private LocalFlink() {}

  /**
   * Adds loopback-only addresses to {@code base} (a copy is returned).
   *
   * @param restPort the web UI / REST port (0 for any free port)
   */
  public static Configuration loopback(Configuration base, int restPort) {
    Configuration c = new Configuration(base);
    c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    c.set(RestOptions.ADDRESS, "127.0.0.1");
    c.set(RestOptions.BIND_PORT, Integer.toString(restPort));
    c.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    c.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    c.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    c.set(TaskManagerOptions.HOST, "127.0.0.1");
    return c;
  }

  /** A local environment (a MiniCluster per execution) with the web UI on {@code restPort}. */
  public static StreamExecutionEnvironment withWebUi(
      Configuration base, int parallelism, int restPort) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(loopback(base, restPort));
    env.setParallelism(parallelism);
    return env;
  }

  /** A local environment without the web UI. */
  public static StreamExecutionEnvironment local(Configuration base, int parallelism) {
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, loopback(base, 0));
  }
}
