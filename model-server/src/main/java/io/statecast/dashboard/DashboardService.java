package io.statecast.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.statecast.serve.ServerExtension;
import io.statecast.serve.StatecastServer;
import java.io.IOException;
import java.net.URI;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time dashboard: reads the running job's topics and serves a live page on the model
 * server. See docs/dashboard.md.
 *
 * <p>Three threads: the Kafka reader ({@link StreamConsumer}) feeds the aggregates ({@link
 * DashboardState}) and the gate sampler ({@link GateSampler}); the push thread ({@link SseHub})
 * sends each open page what changed. Memory is bounded by {@link DashboardLimits}. The topics'
 * values are read in {@link DashboardConfig#format()}, the format the job writes them in.
 *
 * <pre>{@code
 * DashboardService dashboard = DashboardService.start(
 *     DashboardConfig.builder(kafka.bootstrapServers())
 *         .optModels(GateModelSource.registry(registryDir))
 *         .optStartFrom(StartFrom.EARLIEST)
 *         .build());
 * StatecastServer server =
 *     StatecastServer.start(serverConfig, publisher, List.of(dashboard.routes()));
 * URI page = DashboardService.url(server);          // http://127.0.0.1:8080/dashboard/
 * ...
 * server.close();                                   // ends the pages' streams first
 * dashboard.close();                                // stops the Kafka reader and the sampler
 * }</pre>
 */
public final class DashboardService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardService.class);

  private final DashboardConfig config;
  private final DashboardState state;
  private final GateSampler gates;
  private final StreamConsumer consumer;
  private final SseHub hub;
  private final DashboardRoutes routes;

  private DashboardService(DashboardConfig config, GateModels models, LongSupplier clock)
      throws IOException {
    this.config = config;
    this.state = new DashboardState(config.limits(), clock.getAsLong());
    this.gates = new GateSampler(models, config.limits());
    this.hub = new SseHub(state, gates, config.limits(), new ObjectMapper(), clock);
    this.routes = new DashboardRoutes(state, gates, hub, config, clock);
    try {
      this.consumer = new StreamConsumer(config, state, gates);
    } catch (KafkaException e) {
      throw new IllegalArgumentException(
          "the dashboard cannot create its Kafka consumer: " + e.getMessage(), e);
    }
  }

  /**
   * Starts reading the topics and stepping sampled keys; mount {@link #routes()} on a server to see
   * the page.
   *
   * @throws IOException when the gate model source or the format's writer schemas cannot be read
   * @throws IllegalArgumentException when the Kafka settings are invalid
   */
  public static DashboardService start(DashboardConfig config) throws IOException {
    DashboardService s =
        new DashboardService(config, GateModels.open(config.models()), System::currentTimeMillis);
    s.gates.start();
    s.hub.start();
    s.consumer.start();
    LOG.info(
        "dashboard reading {} as {} from {} ({}), gates from {}",
        config.topics(),
        config.format().format(),
        config.bootstrapServers(),
        config.startFrom(),
        config.models());
    return s;
  }

  /** The page and its API, to pass to {@link StatecastServer#start}. */
  public ServerExtension routes() {
    return routes;
  }

  /** Where a server that mounts {@link #routes()} shows the page. */
  public static URI url(StatecastServer server) {
    return server.uri().resolve(DashboardRoutes.BASE.substring(1) + "/");
  }

  public DashboardConfig config() {
    return config;
  }

  /** Stops the Kafka reader, the sampler and the page streams. */
  @Override
  public void close() {
    hub.close();
    consumer.close();
    gates.close();
    LOG.info("dashboard stopped");
  }
}
