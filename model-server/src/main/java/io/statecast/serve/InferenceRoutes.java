package io.statecast.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.statecast.model.HeadSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol (KServe v2) endpoints of the models: metadata, readiness, and
 * stateless inference (see {@link InferRequest} for the tensors). Without {@code
 * /versions/{version}} a path means the serving (promoted) version.
 *
 * <pre>
 * GET  /v2/models/{name}[/versions/{version}]         metadata: inputs, outputs, shapes
 * GET  /v2/models/{name}[/versions/{version}]/ready   200 ready, 4xx not
 * POST /v2/models/{name}[/versions/{version}]/infer   observations [N,T,F] → forecast [N,h]
 * </pre>
 *
 * A quantile head's model also answers its intervals' bounds, {@code lower_80 [N,h]}, {@code
 * upper_80 [N,h]} and so on ({@link InferenceOutputs}), and its metadata's parameters list the
 * levels and which tensors bound which interval.
 */
final class InferenceRoutes {

  static final String PLATFORM = "statecast_lstm";

  private final LoadedModels models;
  private final LimitsConfig limits;
  private final long timeoutMillis;
  private final ServerMetrics metrics;

  InferenceRoutes(
      LoadedModels models, LimitsConfig limits, long timeoutMillis, ServerMetrics metrics) {
    this.models = models;
    this.limits = limits;
    this.timeoutMillis = timeoutMillis;
    this.metrics = metrics;
  }

  void register(Javalin app) {
    for (String base : List.of("/v2/models/{name}", "/v2/models/{name}/versions/{version}")) {
      app.get(base, this::metadata, Access.READ);
      app.get(base + "/ready", this::ready, Access.READ);
      app.post(base + "/infer", this::infer, Access.READ);
    }
  }

  private InferenceModel model(Context ctx) {
    String name = ctx.pathParam("name");
    String v = ctx.pathParamMap().get("version");
    return v == null ? models.serving(name) : models.version(name, version(v));
  }

  /** A version path parameter as a number; 400 if it is not a positive integer. */
  static int version(String text) {
    try {
      int v = Integer.parseInt(text);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        "a version must be a positive integer, got '" + RequestJson.abbreviate(text) + "'");
  }

  private void metadata(Context ctx) {
    InferenceModel m = model(ctx);
    boolean pinned = ctx.pathParamMap().containsKey("version");
    List<String> versions =
        pinned
            ? List.of(Integer.toString(m.version()))
            : models.activeVersions(m.id()).stream().map(String::valueOf).toList();
    int f = m.columns().size();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", m.id());
    body.put("versions", versions);
    body.put("platform", PLATFORM);
    body.put(
        "inputs",
        List.of(
            tensor(InferRequest.OBSERVATIONS, "FP32", List.of(-1, -1, f)),
            tensor(InferRequest.EVENT_TIME, "INT64", List.of(-1, -1))));
    body.put("outputs", InferenceOutputs.of(m).metadata());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("version", m.version());
    params.put("observation_columns", m.columns().names());
    params.put("event_time_required", m.columns().needsTime());
    params.put("horizon", m.spec().head().horizon());
    putQuantiles(params, m.spec().head());
    params.put("description", m.spec().description());
    body.put("parameters", params);
    ctx.json(body);
  }

  private void ready(Context ctx) {
    InferenceModel m = model(ctx);
    ctx.json(Map.of("name", m.id(), "version", Integer.toString(m.version()), "ready", true));
  }

  private void infer(Context ctx) throws Exception {
    InferenceModel m = model(ctx);
    InferenceOutputs outputs = InferenceOutputs.of(m);
    InferRequest req =
        InferRequest.parse(
            JsonBodies.parse(ctx, limits.maxBodyBytes()), m.columns(), limits, outputs.names());
    float[] out = m.forecastWindows(req.windows(), req.key(), timeoutMillis);
    int n = req.windows().size();
    metrics.inferenceSteps.labelValues(m.id()).inc((double) n * req.windows().get(0).size());
    List<Map<String, Object>> tensors = new ArrayList<>();
    for (InferenceOutputs.Output o : outputs.select(req.outputs())) {
      tensors.add(InferenceOutputs.tensor(o, out, n, m.outputWidth(), req.batched()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model_name", m.id());
    body.put("model_version", Integer.toString(m.version()));
    if (req.id() != null) {
      body.put("id", req.id());
    }
    body.put("outputs", tensors);
    ctx.json(body);
  }

  /**
   * A quantile head's parameters: its {@code quantiles} (levels), {@code point_forecast} ({@code
   * "median"}), and {@code intervals}, each {@code {coverage, lower, upper}} with its tensors'
   * names.
   */
  private static void putQuantiles(Map<String, Object> params, HeadSpec head) {
    if (!head.probabilistic()) {
      return;
    }
    params.put("quantiles", head.quantiles());
    params.put("point_forecast", "median");
    List<Map<String, Object>> intervals = new ArrayList<>();
    for (HeadSpec.Interval in : head.intervals()) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("coverage", HeadOutputs.coverage(in));
      i.put("lower", HeadOutputs.lowerName(in));
      i.put("upper", HeadOutputs.upperName(in));
      intervals.add(i);
    }
    params.put("intervals", intervals);
  }

  private static Map<String, Object> tensor(String name, String type, List<Integer> shape) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("datatype", type);
    t.put("shape", shape);
    return t;
  }
}
