package io.statecast.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.statecast.avro.Observation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stateful per-key API over the serving version of a model:
 *
 * <pre>
 * POST   /v1/models/{name}/keys/{key}/observations   step observations → forecast after the last
 * GET    /v1/models/{name}/keys/{key}/state          h, c per layer, steps, last event time
 * DELETE /v1/models/{name}/keys/{key}                forget the key's state (a write)
 * </pre>
 *
 * Observations are checked in full before any is stepped, so a bad request changes nothing.
 */
final class SequenceRoutes {

  /** Longest key accepted, in characters (the stream's limit on keys is similar). */
  static final int MAX_KEY_LENGTH = 256;

  private final LoadedModels models;
  private final Sequences sequences;
  private final LimitsConfig limits;
  private final long timeoutMillis;

  SequenceRoutes(
      LoadedModels models, Sequences sequences, LimitsConfig limits, long timeoutMillis) {
    this.models = models;
    this.sequences = sequences;
    this.limits = limits;
    this.timeoutMillis = timeoutMillis;
  }

  void register(Javalin app) {
    app.post("/v1/models/{name}/keys/{key}/observations", this::observe, Access.READ);
    app.get("/v1/models/{name}/keys/{key}/state", this::state, Access.READ);
    app.delete("/v1/models/{name}/keys/{key}", this::reset, Access.WRITE);
  }

  private void observe(Context ctx) throws Exception {
    String name = ctx.pathParam("name");
    String key = key(ctx);
    InferenceModel m = models.serving(name);
    List<Observation> obs =
        ObservationJson.parse(
            JsonBodies.parse(ctx, limits.maxBodyBytes()), key, limits.maxObservations());
    m.validate(obs, "observations");
    ctx.json(await(sequences.of(name).step(key, obs)));
  }

  private void state(Context ctx) throws Exception {
    String name = ctx.pathParam("name");
    String key = key(ctx);
    models.record(name);
    Optional<KeyStateView> view = await(sequences.of(name).read(key));
    ctx.json(
        view.orElseThrow(
            () ->
                ApiException.notFound(
                    "key '"
                        + RequestJson.abbreviate(key)
                        + "' has no state in model '"
                        + name
                        + "' (never seen, reset, or expired)")));
  }

  private void reset(Context ctx) throws Exception {
    String name = ctx.pathParam("name");
    String key = key(ctx);
    models.record(name);
    boolean existed = await(sequences.of(name).reset(key));
    ctx.json(Map.of("model", name, "key", key, "reset", existed));
  }

  private static String key(Context ctx) {
    String key = ctx.pathParam("key");
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw ApiException.badRequest("a key must have 1 to " + MAX_KEY_LENGTH + " characters");
    }
    return key;
  }

  private <T> T await(CompletableFuture<T> f) throws InterruptedException {
    try {
      return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApiException api) {
        throw api;
      }
      throw new IllegalStateException("the batcher failed", e.getCause());
    } catch (TimeoutException e) {
      throw ApiException.unavailable("the request timed out waiting for its steps; retry later");
    }
  }
}
