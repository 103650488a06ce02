package io.statecast.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RegistryException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * Health, readiness, server metadata and metrics:
 *
 * <pre>
 * GET /health, /v2/health/live     the process is up (always 200 while it serves)
 * GET /ready, /v2/health/ready     the registry is readable (200), else 503
 * GET /v2                          Open Inference Protocol server metadata
 * GET /metrics                     Prometheus text format
 * </pre>
 */
final class HealthRoutes {

  private final ModelRegistry registry;
  private final ServerMetrics metrics;

  HealthRoutes(ModelRegistry registry, ServerMetrics metrics) {
    this.registry = registry;
    this.metrics = metrics;
  }

  void register(Javalin app) {
    app.get("/health", ctx -> ctx.json(Map.of("status", "ok")), Access.PUBLIC);
    app.get("/v2/health/live", ctx -> ctx.json(Map.of("live", true)), Access.PUBLIC);
    app.get("/ready", ctx -> ready(ctx, "status"), Access.PUBLIC);
    app.get("/v2/health/ready", ctx -> ready(ctx, "ready"), Access.PUBLIC);
    app.get("/v2", this::serverMetadata, Access.READ);
    app.get("/metrics", this::metrics, Access.READ);
  }

  private void ready(Context ctx, String field) {
    int models;
    try {
      models = registry.list().size();
    } catch (RegistryException e) {
      throw ApiException.unavailable("the registry cannot be read");
    }
    ctx.json(Map.of(field, field.equals("ready") ? Boolean.TRUE : "ready", "models", models));
  }

  private void serverMetadata(Context ctx) {
    String v = HealthRoutes.class.getPackage().getImplementationVersion();
    ctx.json(
        Map.of(
            "name",
            "statecast",
            "version",
            v == null ? "development" : v,
            "extensions",
            List.of()));
  }

  private void metrics(Context ctx) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    metrics.write(out);
    ctx.contentType(metrics.contentType()).result(out.toByteArray());
  }
}
