package io.statecast.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.statecast.dashboard.Payloads.KeySeriesView;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes what changed to every open page over server-sent events, throttled to one round per {@code
 * pushInterval}. Only this thread writes to the streams.
 *
 * <p>Events (each {@code data} is one JSON object, see {@link Payloads}):
 *
 * <ul>
 *   <li>{@code stream}: totals, rates, latency, dead letters and late events, when they changed
 *       (and every 2 s, as rates decay with time);
 *   <li>{@code gates}: the gate histograms, when steps were added (and every 2 s);
 *   <li>{@code key}: for each key the page watches, the points changed since the last one sent to
 *       that page; all of its points ({@code full}) first.
 * </ul>
 *
 * <p>A new page gets its first round at once. Beyond {@code maxClients} pages, the oldest is
 * closed. The union of watched keys goes to the {@link GateSampler}.
 */
final class SseHub implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SseHub.class);
  private static final long REFRESH_MILLIS = 2_000;

  /** One open page. */
  private static final class Page {
    final SseClient client;
    final List<String> keys;
    final Map<String, Long> seen = new HashMap<>();
    long streamSent = -1;
    long gatesSent = -1;

    Page(SseClient client, List<String> keys) {
      this.client = client;
      this.keys = keys;
    }
  }

  private final DashboardState state;
  private final GateSampler gates;
  private final DashboardLimits limits;
  private final ObjectMapper json;
  private final LongSupplier clock;
  private final BlockingQueue<Page> joining = new LinkedBlockingQueue<>();
  private final ArrayDeque<Page> pages = new ArrayDeque<>();
  private final Thread thread;
  private volatile boolean running = true;

  // The current round's shared payloads and their versions.
  private String streamJson;
  private long streamVersion;
  private long streamStamp = -1;
  private long streamBuiltAt;
  private String gatesJson;
  private long gatesVersion;
  private long gatesBuiltAt;
  private volatile int openPages;

  SseHub(
      DashboardState state,
      GateSampler gates,
      DashboardLimits limits,
      ObjectMapper json,
      LongSupplier clock) {
    this.state = state;
    this.gates = gates;
    this.limits = limits;
    this.json = json;
    this.clock = clock;
    this.thread = new Thread(this::run, "statecast-dashboard-push");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * A page opened the event stream, watching {@code keys}; it stays open until either side ends.
   */
  void join(SseClient client, List<String> keys) {
    client.keepAlive();
    joining.add(new Page(client, keys));
  }

  private void run() {
    long interval = limits.pushInterval().toMillis();
    long next = clock.getAsLong();
    while (running) {
      try {
        Page fresh = joining.poll(Math.max(1, next - clock.getAsLong()), TimeUnit.MILLISECONDS);
        if (fresh != null) {
          admit(fresh);
          round(List.of(fresh));
          continue;
        }
        next = clock.getAsLong() + interval;
        round(pages);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.warn("a dashboard push round failed: {}", e.toString());
      }
    }
    pages.forEach(p -> p.client.close());
    pages.clear();
  }

  private void admit(Page page) {
    pages.addLast(page);
    while (pages.size() > limits.maxClients()) {
      pages.pollFirst().client.close();
    }
    watchKeys();
  }

  private void watchKeys() {
    openPages = pages.size();
    Set<String> keys = new HashSet<>();
    pages.forEach(p -> keys.addAll(p.keys));
    gates.watch(keys);
  }

  /** One round: refreshes the shared payloads, then sends each page what it has not seen. */
  private void round(Iterable<Page> targets) {
    long now = clock.getAsLong();
    refreshStream(now);
    refreshGates(now);
    boolean closed = false;
    for (Page p : targets) {
      if (p.client.terminated()) {
        closed = true;
        continue;
      }
      send(p);
    }
    if (closed && pages.removeIf(p -> p.client.terminated())) {
      watchKeys();
    }
  }

  private void send(Page p) {
    if (p.streamSent != streamVersion) {
      p.client.sendEvent("stream", streamJson);
      p.streamSent = streamVersion;
    }
    if (p.gatesSent != gatesVersion) {
      p.client.sendEvent("gates", gatesJson);
      p.gatesSent = gatesVersion;
    }
    for (String key : p.keys) {
      KeySeriesView v = state.view(key, p.seen.getOrDefault(key, 0L));
      if (v != null) {
        p.client.sendEvent("key", write(v));
        p.seen.put(key, v.stamp());
      }
    }
  }

  private void refreshStream(long now) {
    long stamp = state.streamStamp();
    if (streamJson == null || stamp != streamStamp || now - streamBuiltAt >= REFRESH_MILLIS) {
      streamJson = write(state.summary(now));
      streamStamp = stamp;
      streamBuiltAt = now;
      streamVersion++;
    }
  }

  private void refreshGates(long now) {
    String g = write(gates.summary()); // small: layers × 2 × bins counts
    if (!g.equals(gatesJson) || now - gatesBuiltAt >= REFRESH_MILLIS) {
      gatesJson = g;
      gatesBuiltAt = now;
      gatesVersion++;
    }
  }

  private String write(Object payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a dashboard payload", e);
    }
  }

  /** Pages open now (for tests and the log). */
  int pages() {
    return openPages;
  }

  /** Ends every stream and the thread. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Page p;
    while ((p = joining.poll()) != null) {
      p.client.close();
    }
  }
}
