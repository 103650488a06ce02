package io.statecast.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.ModelUpdatePublisher;
import io.statecast.registry.RegistryException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model server: Javalin (on Jetty) wired to the registry, the loaded models and the stateful
 * batchers, with the {@link Guard} before every endpoint and one error shape after any failure.
 *
 * <p>Every failure becomes {@code {"error": "..."}}: an {@link ApiException} with its own status,
 * Javalin's and Jetty's own answers (404, 405, malformed requests) as JSON, and anything unexpected
 * as a 500 whose body says only that the log has the details.
 */
public final class StatecastServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatecastServer.class);
  private static final String START = "statecast.start";

  private final ServerConfig config;
  private final ModelRegistry registry;
  private final LoadedModels models;
  private final Sequences sequences;
  private final ServerMetrics metrics;
  private final Javalin app;
  private final List<ServerExtension> extensions;

  private StatecastServer(
      ServerConfig config, ModelRegistry registry, List<ServerExtension> extensions) {
    this.config = config;
    this.registry = registry;
    this.extensions = List.copyOf(extensions);
    this.metrics = new ServerMetrics();
    this.models = new LoadedModels(registry, config.engine(), config.statelessKernels());
    this.sequences = new Sequences(config.batching(), models, metrics);
    this.app = Javalin.create(cfg -> configure(cfg, config));
    Guard guard = new Guard(config.auth(), config.limits(), metrics);
    app.before(ctx -> ctx.attribute(START, System.nanoTime()));
    app.beforeMatched(guard::check);
    app.after(this::record);
    errors();
    long timeout = config.batching().requestTimeout().toMillis();
    new HealthRoutes(registry, metrics).register(app);
    new InferenceRoutes(models, config.limits(), timeout, metrics).register(app);
    new SequenceRoutes(models, sequences, config.limits(), timeout).register(app);
    new RegistryRoutes(models, config.limits()).register(app);
    this.extensions.forEach(e -> e.register(app));
  }

  /**
   * Opens the registry and starts serving.
   *
   * @param publisher where promotions go; the server closes it when it closes
   * @throws IllegalArgumentException when the TLS keystore cannot be opened
   */
  public static StatecastServer start(ServerConfig config, ModelUpdatePublisher publisher)
      throws IOException {
    return start(config, publisher, List.of());
  }

  /**
   * Opens the registry and starts serving, with extensions (e.g. the dashboard) mounted next to the
   * server's own endpoints; see {@link ServerExtension}.
   *
   * @param publisher where promotions go; the server closes it when it closes
   * @param extensions registered before the server listens, closed before it stops
   * @throws IllegalArgumentException when the TLS keystore cannot be opened
   */
  public static StatecastServer start(
      ServerConfig config, ModelUpdatePublisher publisher, List<ServerExtension> extensions)
      throws IOException {
    if (config.tls() != null) {
      config.tls().check();
    }
    StatecastServer server =
        new StatecastServer(config, ModelRegistry.open(config.registry(), publisher), extensions);
    try {
      server.registry.list(); // fail now, not at the first request, if the records are unreadable
      server.app.start();
    } catch (RegistryException | RuntimeException e) {
      server.close();
      throw new IOException("the model server could not start: " + e.getMessage(), e);
    }
    LOG.info(
        "serving registry {} at {} (updates: {}; auth: {})",
        server.registry.root(),
        server.uri(),
        publisher.describe(),
        describe(config.auth()));
    return server;
  }

  /** The port the server listens on (the real one when the config asked for any). */
  public int port() {
    return app.port();
  }

  /** The server's base URI, e.g. {@code https://127.0.0.1:8443/}. */
  public URI uri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create((config.secure() ? "https" : "http") + "://" + host + ":" + port() + "/");
  }

  /** The registry the server serves. */
  public ModelRegistry registry() {
    return registry;
  }

  /** The wave sizes seen by a model's stateful batcher, by size (for reports and tests). */
  public SortedMap<Integer, Long> batchSizes(String model) {
    return sequences.batchSizes(model);
  }

  @Override
  public void close() {
    for (ServerExtension e : extensions) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        LOG.warn("an extension did not close cleanly: {}", ex.toString());
      }
    }
    try {
      app.stop();
    } catch (RuntimeException e) {
      LOG.warn("the HTTP server did not stop cleanly: {}", e.toString());
    }
    sequences.close();
    models.close();
    registry.publisher().close();
    LOG.info("stopped serving registry {}", registry.root());
  }

  private static void configure(JavalinConfig cfg, ServerConfig config) {
    cfg.showJavalinBanner = false;
    cfg.startupWatcherEnabled = false;
    cfg.http.maxRequestSize = config.limits().maxUploadBytes();
    cfg.http.defaultContentType = "application/json";
    cfg.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
    QueuedThreadPool pool = new QueuedThreadPool(config.httpThreads(), 8, 60_000);
    pool.setName("statecast-http");
    cfg.jetty.threadPool = pool;
    cfg.jetty.timeoutStatus = 408;
    cfg.jetty.clientAbortStatus = 400;
    cfg.jetty.addConnector((server, http) -> Connectors.create(server, http, config));
    cfg.jetty.modifyHttpConfiguration(
        http -> {
          http.setSendServerVersion(false);
          http.setSendXPoweredBy(false);
        });
    cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
    cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new JsonErrorHandler()));
  }

  private void errors() {
    app.exception(
        ApiException.class,
        (e, ctx) -> {
          e.headers().forEach(ctx::header);
          error(ctx, e.status(), e.getMessage());
        });
    app.exception(
        HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
    app.exception(BadMessageException.class, (e, ctx) -> error(ctx, e.getCode(), e.getReason()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.endpointHandlerPath(), e);
          error(ctx, 500, "internal error; the server's log has the details");
        });
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", message == null ? "error " + status : message));
  }

  private void record(Context ctx) {
    Long start = ctx.attribute(START);
    String endpoint = ctx.endpointHandlerPath();
    if (endpoint == null || endpoint.startsWith("No handler") || endpoint.equals("*")) {
      endpoint = "unmatched";
    }
    String method = ctx.method().name();
    metrics.requests.labelValues(endpoint, method, Integer.toString(ctx.statusCode())).inc();
    if (start != null) {
      double seconds = (System.nanoTime() - start) / 1e9;
      metrics.latency.labelValues(endpoint, method).observe(seconds);
      LOG.debug("{} {} {} {} ms", method, endpoint, ctx.statusCode(), seconds * 1e3);
    }
  }

  private static String describe(AuthConfig auth) {
    if (auth.admin() == null) {
      return auth.openWrites() ? "none (writes open)" : "none (writes disabled)";
    }
    return "bearer token for writes"
        + (auth.tokenForReads() ? " and reads" : "")
        + (auth.reader() != null ? ", read-only token" : "");
  }
}
