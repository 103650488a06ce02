package io.statecast.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.registry.AddedVersion;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.RegistryException;
import io.statecast.registry.UploadLimits;
import io.statecast.registry.VersionRecord;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The registry over HTTP:
 *
 * <pre>
 * GET  /v1/registry/models                                     list
 * GET  /v1/registry/models/{id}                                versions, serving, promotions
 * GET  /v1/registry/models/{id}/versions/{version}             spec, checksums, reports
 * POST /v1/registry/models                                     upload a zip/tar/tar.gz (write)
 * POST /v1/registry/models/{id}/versions/{version}/promote     {"policy", "note"} (write)
 * POST /v1/registry/models/{id}/versions/{version}/retire      (write)
 * </pre>
 */
final class RegistryRoutes {

  private static final String BASE = "/v1/registry/models";
  private static final String VERSION = BASE + "/{id}/versions/{version}";
  private static final Set<String> PROMOTE_FIELDS = Set.of("policy", "note");

  private final ModelRegistry registry;
  private final LoadedModels models;
  private final RegistryErrors errors;
  private final LimitsConfig limits;

  RegistryRoutes(LoadedModels models, LimitsConfig limits) {
    this.registry = models.registry();
    this.models = models;
    this.errors = models.errors();
    this.limits = limits;
  }

  void register(Javalin app) {
    app.get(BASE, ctx -> ctx.json(Map.of("models", call(registry::list))), Access.READ);
    app.get(BASE + "/{id}", ctx -> ctx.json(models.record(ctx.pathParam("id"))), Access.READ);
    app.get(VERSION, this::describe, Access.READ);
    app.post(BASE, this::upload, Access.UPLOAD);
    app.post(VERSION + "/promote", this::promote, Access.WRITE);
    app.post(VERSION + "/retire", this::retire, Access.WRITE);
  }

  private void describe(Context ctx) {
    String id = ctx.pathParam("id");
    int v = InferenceRoutes.version(ctx.pathParam("version"));
    ctx.json(call(() -> registry.describe(id, v)));
  }

  private void upload(Context ctx) throws Exception {
    UploadLimits unpack = new UploadLimits(64, Math.max(limits.maxUploadBytes() * 4, 1L << 20));
    AddedVersion added;
    try (InputStream body = JsonBodies.stream(ctx, limits.maxUploadBytes())) {
      added = call(() -> registry.addArchive(body, unpack));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", added.id());
    out.put("version", added.version().version());
    out.put("manifestSha256", added.version().manifestSha256());
    out.put("artifactUri", added.artifactUri());
    out.put("addedAt", added.version().addedAt());
    ctx.status(201).json(out);
  }

  private void promote(Context ctx) throws Exception {
    String id = ctx.pathParam("id");
    int v = InferenceRoutes.version(ctx.pathParam("version"));
    StatePolicy policy = StatePolicy.KEEP;
    String note = null;
    if (ctx.req().getContentLengthLong() != 0) {
      byte[] raw = JsonBodies.read(ctx, limits.maxBodyBytes());
      if (raw.length > 0) {
        JsonNode body = JsonBodies.parse(raw);
        RequestJson.object(body, "the promotion");
        RequestJson.onlyFields(body, PROMOTE_FIELDS, "the promotion");
        policy = policy(RequestJson.optionalText(body, "policy", "the promotion"));
        note = RequestJson.optionalText(body, "note", "the promotion");
        if (note != null && note.length() > 1_000) {
          throw ApiException.badRequest("the note must be at most 1000 characters");
        }
      }
    }
    StatePolicy p = policy;
    String n = note;
    ModelUpdate u = call(() -> registry.promote(id, v, p, n));
    ctx.json(update(u));
  }

  private void retire(Context ctx) {
    String id = ctx.pathParam("id");
    int v = InferenceRoutes.version(ctx.pathParam("version"));
    VersionRecord r = call(() -> registry.retire(id, v));
    models.evict(id, v);
    ctx.json(r);
  }

  private static StatePolicy policy(String text) {
    if (text == null) {
      return StatePolicy.KEEP;
    }
    try {
      return StatePolicy.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "policy must be KEEP, RESET or REWARM, got '" + RequestJson.abbreviate(text) + "'");
    }
  }

  static Map<String, Object> update(ModelUpdate u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", u.getModelId());
    m.put("version", u.getVersion());
    m.put("artifactUri", u.getArtifactUri());
    m.put("manifestSha256", u.getManifestSha256());
    m.put("policy", u.getPolicy().name());
    m.put("publishedAt", u.getPublishedAt());
    m.put("note", u.getNote());
    return m;
  }

  /** A registry call whose failure becomes the HTTP answer. */
  private <T> T call(RegistryCall<T> c) {
    try {
      return c.call();
    } catch (RegistryException e) {
      throw errors.of(e);
    }
  }

  @FunctionalInterface
  private interface RegistryCall<T> {
    T call() throws RegistryException;
  }
}
