package io.statecast.demo;

import io.statecast.artifact.ModelArtifact;
import io.statecast.dashboard.DashboardConfig;
import io.statecast.dashboard.DashboardService;
import io.statecast.dashboard.GateModelSource;
import io.statecast.dashboard.StartFrom;
import io.statecast.registry.KafkaModelUpdatePublisher;
import io.statecast.registry.ModelRegistry;
import io.statecast.serve.AuthConfig;
import io.statecast.serve.ServerConfig;
import io.statecast.serve.StatecastServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo's model server: a registry holding the demo's model (promoting a version there reaches
 * the running job through Kafka), the HTTP APIs, and the real-time dashboard reading the job's
 * topics. On 127.0.0.1 only, with writes open: it is a local demo.
 */
final class ModelServing implements AutoCloseable {

  private final KafkaModelUpdatePublisher publisher;
  private final DashboardService dashboard;
  private final StatecastServer server;

  private ModelServing(
      KafkaModelUpdatePublisher publisher, DashboardService dashboard, StatecastServer server) {
    this.publisher = publisher;
    this.dashboard = dashboard;
    this.server = server;
  }

  static ModelServing start(Path model, Path registryDir, String bootstrap, int port)
      throws Exception {
    KafkaModelUpdatePublisher publisher = new KafkaModelUpdatePublisher(bootstrap, Map.of());
    ModelRegistry registry = ModelRegistry.open(registryDir, publisher);
    ModelArtifact artifact = ModelArtifact.load(model);
    registry.add(model);
    DashboardService dashboard =
        DashboardService.start(
            DashboardConfig.builder(bootstrap)
                .optModels(GateModelSource.registry(registryDir))
                .optStartFrom(StartFrom.EARLIEST)
                .build());
    try {
      ServerConfig config =
          ServerConfig.builder(registryDir)
              .optHost("127.0.0.1")
              .optPort(port)
              .optAuth(new AuthConfig(null, null, false, true))
              .build();
      StatecastServer server =
          StatecastServer.start(config, publisher, List.of(dashboard.routes()));
      assert artifact.spec().id() != null;
      return new ModelServing(publisher, dashboard, server);
    } catch (Exception | Error e) {
      dashboard.close();
      publisher.close();
      throw e;
    }
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
