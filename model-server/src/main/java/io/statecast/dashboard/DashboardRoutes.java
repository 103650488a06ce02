package io.statecast.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import io.statecast.dashboard.Payloads.Defaults;
import io.statecast.dashboard.Payloads.KeyList;
import io.statecast.dashboard.Payloads.KeySeriesView;
import io.statecast.dashboard.Payloads.Summary;
import io.statecast.serve.Access;
import io.statecast.serve.ApiException;
import io.statecast.serve.ServerExtension;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The dashboard's endpoints on the model server:
 *
 * <pre>
 * GET /dashboard/                    the page (public, as are its files)
 * GET /dashboard/assets/{file}       app.js, app.css, chart.umd.min.js (Chart.js)
 * GET /dashboard/api/summary         the stream and the gates now
 * GET /dashboard/api/keys?q=&amp;limit=  held keys matching q (prefix matches first), for the search box
 * GET /dashboard/api/defaults        the keys the page watches when its address names none
 * GET /dashboard/api/series?key=     one key's points, latest forecast, error
 * GET /dashboard/api/events?key=…    server-sent events (Accept: text/event-stream): stream, gates,
 *                                    and the watched keys' changes (repeat key= for several)
 * </pre>
 *
 * <p>The API is {@link Access#READ}: it needs a token when the server's reads do, which the page
 * asks for and sends as a bearer token (it reads the event stream with {@code fetch}, which can
 * send headers, not with {@code EventSource}, which cannot). Errors are the server's usual {@code
 * {"error": …}} with a 4xx status.
 */
final class DashboardRoutes implements ServerExtension {

  /** Where the dashboard is mounted. */
  static final String BASE = "/dashboard";

  private static final int DEFAULT_SUGGESTIONS = 20;
  private static final int MAX_SUGGESTIONS = 200;

  private final DashboardState state;
  private final GateSampler gates;
  private final SseHub hub;
  private final DashboardLimits limits;
  private final WebAssets assets;
  private final List<String> watchedByDefault;
  private final LongSupplier clock;

  DashboardRoutes(
      DashboardState state,
      GateSampler gates,
      SseHub hub,
      DashboardConfig config,
      LongSupplier clock) {
    this.state = state;
    this.gates = gates;
    this.hub = hub;
    this.limits = config.limits();
    this.watchedByDefault = config.watchedByDefault();
    this.assets = WebAssets.load();
    this.clock = clock;
  }

  @Override
  public void register(Javalin app) {
    app.get(BASE, this::page, Access.PUBLIC); // also /dashboard/: trailing slashes are ignored
    app.get(BASE + "/assets/{file}", this::asset, Access.PUBLIC);
    app.get(BASE + "/api/summary", this::summary, Access.READ);
    app.get(BASE + "/api/keys", this::keys, Access.READ);
    app.get(BASE + "/api/defaults", ctx -> ctx.json(new Defaults(watchedByDefault)), Access.READ);
    app.get(BASE + "/api/series", this::series, Access.READ);
    app.get(BASE + "/api/events", this::events, Access.READ);
  }

  private void page(Context ctx) {
    if (!ctx.path().endsWith("/")) {
      ctx.redirect(BASE + "/"); // the page's links are relative to /dashboard/
      return;
    }
    send(ctx, assets.get("index.html"), "no-cache");
  }

  private void asset(Context ctx) {
    WebAssets.Asset a = assets.get(ctx.pathParam("file"));
    if (a == null || ctx.pathParam("file").equals("index.html")) {
      throw new ApiException(404, "no dashboard file '" + ctx.pathParam("file") + "'");
    }
    send(ctx, a, "max-age=300");
  }

  private static void send(Context ctx, WebAssets.Asset a, String cache) {
    ctx.header("Cache-Control", cache);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType(a.contentType()).result(a.bytes());
  }

  private void summary(Context ctx) {
    ctx.json(new Summary(state.summary(clock.getAsLong()), gates.summary()));
  }

  private void keys(Context ctx) {
    String q = ctx.queryParam("q");
    if (q != null && q.length() > DashboardState.MAX_KEY_LENGTH) {
      throw new ApiException(400, "the query is longer than a key can be (256)");
    }
    int limit = DEFAULT_SUGGESTIONS;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_SUGGESTIONS) {
        throw new ApiException(400, "limit must be a number from 1 to " + MAX_SUGGESTIONS);
      }
    }
    ctx.json(new KeyList(state.search(q, limit), state.heldKeys()));
  }

  private void series(Context ctx) {
    String key = key(ctx.queryParam("key"));
    KeySeriesView v = state.view(key, 0);
    if (v == null) {
      throw new ApiException(404, "the dashboard holds no series of key '" + abbreviate(key) + "'");
    }
    ctx.json(v);
  }

  private void events(Context ctx) throws Exception {
    if (!"text/event-stream".equals(ctx.header("Accept"))) {
      throw new ApiException(
          406, "this is a stream of server-sent events: send 'Accept: text/event-stream'");
    }
    List<String> keys = ctx.queryParams("key").stream().map(DashboardRoutes::key).toList();
    if (keys.size() > limits.maxWatchedKeys()) {
      throw new ApiException(
          400, "a page watches at most " + limits.maxWatchedKeys() + " keys, got " + keys.size());
    }
    new SseHandler(0, client -> hub.join(client, List.copyOf(keys))).handle(ctx);
  }

  private static String key(String key) {
    if (key == null || key.isEmpty()) {
      throw new ApiException(400, "name a key: ?key=<key>");
    }
    if (key.length() > DashboardState.MAX_KEY_LENGTH) {
      throw new ApiException(400, "a key has at most 256 characters");
    }
    return key;
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 63) + "…";
  }

  /** Ends the open event streams (the server is stopping). */
  @Override
  public void close() {
    hub.close();
  }
}
