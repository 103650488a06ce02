package io.statecast.demo;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.StatePolicy;
import io.statecast.cell.Engine;
import io.statecast.dashboard.DashboardConfig;
import io.statecast.dashboard.DashboardService;
import io.statecast.dashboard.GateModelSource;
import io.statecast.dashboard.StartFrom;
import io.statecast.registry.KafkaModelUpdatePublisher;
import io.statecast.registry.ModelRegistry;
import io.statecast.serve.AuthConfig;
import io.statecast.serve.ServerConfig;
import io.statecast.serve.StatecastServer;
import io.statecast.wire.format.FormatSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo's model server: a registry holding the demo's model, promoted (so the KServe v2 and
 * stateful APIs serve it, and a later promotion reaches the running job through Kafka), the HTTP
 * APIs, and the real-time dashboard reading the job's topics from their start, with the demo's
 * shown keys watched, in the demo's value format. On 127.0.0.1 only, with writes open: it is a
 * local demo.
 */
final class ModelServing implements AutoCloseable {

  /** Where the server listens. */
  static final String HOST = "127.0.0.1";

  private final String modelId;
  private final KafkaModelUpdatePublisher publisher;
  private final DashboardService dashboard;
  private final StatecastServer server;

  private ModelServing(
      String modelId,
      KafkaModelUpdatePublisher publisher,
      DashboardService dashboard,
      StatecastServer server) {
    this.modelId = modelId;
    this.publisher = publisher;
    this.dashboard = dashboard;
    this.server = server;
  }

  /**
   * Registers and promotes {@code model} in a new registry under {@code registryDir} and serves it
   * with the dashboard.
   *
   * @param port the port, 0 for any free one
   * @param watch keys the dashboard watches when its address names none
   * @param format the value format of the topics the dashboard reads
   * @throws IllegalStateException when the port is taken
   */
  static ModelServing start(
      Path model,
      Path registryDir,
      String bootstrap,
      int port,
      Engine engine,
      List<String> watch,
      FormatSettings format)
      throws Exception {
    KafkaModelUpdatePublisher publisher = new KafkaModelUpdatePublisher(bootstrap, Map.of());
    DashboardService dashboard = null;
    try {
      ModelRegistry registry = ModelRegistry.open(registryDir, publisher);
      ModelArtifact artifact = ModelArtifact.load(model);
      registry.add(model);
      // The job runs this very version: it ignores the update as already served.
      registry.promote(
          artifact.spec().id(), artifact.spec().version(), StatePolicy.KEEP, "the demo's model");
      dashboard =
          DashboardService.start(
              DashboardConfig.builder(bootstrap)
                  .optModels(GateModelSource.registry(registryDir))
                  .optStartFrom(StartFrom.EARLIEST)
                  .optWatchedByDefault(watch)
                  .optFormat(format)
                  .build());
      ServerConfig config =
          ServerConfig.builder(registryDir)
              .optHost(HOST)
              .optPort(port)
              .optEngine(engine)
              .optAuth(new AuthConfig(null, null, false, true))
              .build();
      StatecastServer server = startServer(config, publisher, dashboard);
      return new ModelServing(artifact.spec().id(), publisher, dashboard, server);
    } catch (Exception | Error e) {
      if (dashboard != null) {
        dashboard.close();
      }
      publisher.close();
      throw e;
    }
  }

  private static StatecastServer startServer(
      ServerConfig config, KafkaModelUpdatePublisher publisher, DashboardService dashboard)
      throws IOException {
    try {
      return StatecastServer.start(config, publisher, List.of(dashboard.routes()));
    } catch (IOException e) {
      if (bound(e)) {
        throw new IllegalStateException(
            HOST
                + ":"
                + config.port()
                + " is in use: choose another port for the model server with --server-port"
                + " (0 for any free one)",
            e);
      }
      throw e;
    }
  }

  private static boolean bound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The port to serve on: {@code requested} when given; else {@link
   * DemoSettings#DEFAULT_SERVER_PORT}, or 0 (any free port) when that one is taken.
   */
  static int choosePort(Integer requested) {
    if (requested != null) {
      return requested;
    }
    return isFree(DemoSettings.DEFAULT_SERVER_PORT) ? DemoSettings.DEFAULT_SERVER_PORT : 0;
  }

  /** Whether a server could listen on {@code port} of {@link #HOST} now. */
  static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The id the demo's model is served under ({@code /v2/models/<id>}). */
  String modelId() {
    return modelId;
  }

  URI dashboardUrl() {
    return DashboardService.url(server);
  }

  URI serverUrl() {
    return server.uri();
  }

  @Override
  public void close() {
    server.close();
    dashboard.close();
    publisher.close();
  }
}
