package io.statecast.dashboard;

import io.statecast.avro.Observation;
import io.statecast.dashboard.Payloads.GateSummary;
import io.statecast.dashboard.Payloads.LayerGates;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate histograms: steps the observations of a bounded sample of keys through the model and
 * counts their input and forget gate values ({@link GateHistogram}).
 *
 * <p><b>Why here.</b> The job does not export gates: stepping is its hot path, and a trace per
 * event per key would cost more than the step. The dashboard re-steps a sample instead, with the
 * same encoding and cell math ({@link GateModel}). The sample is the {@code sampledKeys} keys of
 * smallest hash ({@link KeySample}) plus the keys pages watch. A key's state starts at zero when
 * the sampler first sees it, so its early gates may differ from the job's (which has seen the key's
 * whole history); the page says so. While keys are first seen the sample settles: a key displaced
 * by one of smaller hash is forgotten (its steps so far stay counted).
 *
 * <p><b>Threads.</b> The Kafka thread {@link #offer}s observations (only sampled keys' are queued,
 * in a bounded queue: when it is full an observation is dropped, counted, and that key starts over,
 * since its state would otherwise skip an event). The sampler's own thread steps them, and switches
 * models when the forecasts name a new version (states and histograms start afresh). Pages read
 * {@link #summary()}.
 */
final class GateSampler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GateSampler.class);
  private static final long MODEL_CHECK_MILLIS = 5_000;
  private static final long RETRY_MILLIS = 30_000;

  /** A key that left the sample: its state goes (queued in order with its observations). */
  private record Evict(String key) {}

  /** A sampled key's state. */
  private static final class KeyState {
    final double[] state;
    long lastEventTime = FeatureEncoder.NO_PREVIOUS;

    KeyState(double[] state) {
      this.state = state;
    }
  }

  // Configuration.
  private final GateModels models;
  private final DashboardLimits limits;

  // Shared between threads.
  private final BlockingQueue<Object> queue; // Observation or Evict
  private final Set<String> restart = ConcurrentHashMap.newKeySet();
  private final Set<String> evictLater = ConcurrentHashMap.newKeySet();
  private volatile Set<String> watched = Set.of();
  private volatile GateModels.Ref named;
  private volatile boolean running = true;
  private final Thread thread;

  // The Kafka thread's.
  private final KeySample sample;

  // The sampler thread's (histogram, counters and status also read under the lock).
  private final Object lock = new Object();
  private final LinkedHashMap<String, KeyState> states;
  private GateModel model;
  private GateHistogram histogram;
  private String status;
  private long skipped;
  private long dropped;
  private long nextModelCheck;

  GateSampler(GateModels models, DashboardLimits limits) {
    this.models = models;
    this.limits = limits;
    this.queue = new ArrayBlockingQueue<>(limits.gateQueue());
    this.sample = new KeySample(limits.sampledKeys());
    int capacity = limits.sampledKeys() + limits.maxWatchedKeys() * 4;
    this.states =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, KeyState> eldest) {
            return size() > capacity;
          }
        };
    this.status = models.enabled() ? "waiting for a model" : "off: " + models.describe();
    this.thread = new Thread(this::run, "statecast-dashboard-gates");
    this.thread.setDaemon(true);
  }

  void start() {
    if (models.enabled()) {
      thread.start();
    }
  }

  /** The Kafka thread: queues an observation of a sampled or watched key. */
  void offer(Observation o) {
    String key = o.getKey();
    if (!models.enabled() || key == null || key.isEmpty()) {
      return;
    }
    if (!watched.contains(key) && !sample.admit(key)) {
      return;
    }
    String gone = sample.takeEvicted();
    if (gone != null && !watched.contains(gone) && !queue.offer(new Evict(gone))) {
      evictLater.add(gone);
    }
    if (!queue.offer(o)) {
      restart.add(key);
      synchronized (lock) {
        dropped++;
      }
    }
  }

  /** The Kafka thread: the model version a forecast named. */
  void forecastModel(String id, int version) {
    GateModels.Ref n = named;
    if (n == null || n.version() != version || !n.id().equals(id)) {
      named = new GateModels.Ref(id, version);
    }
  }

  /** The keys pages watch now (at most {@code 4 × maxWatchedKeys} of them are sampled). */
  void watch(Set<String> keys) {
    watched = keys.size() <= limits.maxWatchedKeys() * 4 ? Set.copyOf(keys) : watched;
  }

  private void run() {
    while (running) {
      try {
        Object work = queue.poll(250, TimeUnit.MILLISECONDS);
        refreshModel(System.currentTimeMillis());
        if (work instanceof Observation o) {
          step(o);
        } else if (work instanceof Evict e) {
          forget(e.key());
        }
        evictLater.removeIf(
            k -> {
              forget(k);
              return true;
            });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("the gate sampler skipped an observation: {}", e.toString());
      }
    }
  }

  private void refreshModel(long now) {
    GateModels.Ref n = named;
    boolean switchNow = model != null && n != null && !isLoaded(n);
    if (now < nextModelCheck && !switchNow && (model != null || n == null)) {
      return;
    }
    nextModelCheck = now + MODEL_CHECK_MILLIS;
    try {
      GateModels.Ref want = models.wanted(n);
      if (want == null || isLoaded(want)) {
        return;
      }
      GateModel m = models.load(want);
      synchronized (lock) {
        model = m;
        histogram = new GateHistogram(m.layers(), limits.gateBins());
        states.clear();
        skipped = 0;
        status = "ok";
      }
      LOG.info("dashboard gates now from model {} v{}", m.id(), m.version());
    } catch (RegistryException | RuntimeException e) {
      nextModelCheck = now + RETRY_MILLIS;
      synchronized (lock) {
        status = "the model cannot be loaded: " + RejectStats.cut(e.getMessage());
      }
      LOG.warn("the dashboard cannot load the gate model: {}", e.getMessage());
    }
  }

  private boolean isLoaded(GateModels.Ref ref) {
    return model != null && model.version() == ref.version() && model.id().equals(ref.id());
  }

  private void step(Observation o) {
    if (model == null) {
      return;
    }
    String key = o.getKey();
    KeyState st;
    synchronized (lock) {
      st = states.get(key);
      if (st == null || restart.remove(key)) {
        st = new KeyState(model.newState());
        states.put(key, st);
      }
    }
    if (st.lastEventTime != FeatureEncoder.NO_PREVIOUS && o.getEventTime() <= st.lastEventTime) {
      countSkipped(); // a duplicate or an event out of order: the job does not step it either
      return;
    }
    double[][] trace;
    try {
      trace = model.step(o, st.lastEventTime, st.state);
    } catch (InvalidObservationException e) {
      countSkipped(); // the job dead-letters it
      return;
    }
    st.lastEventTime = o.getEventTime();
    synchronized (lock) {
      histogram.add(trace);
    }
  }

  private void forget(String key) {
    synchronized (lock) {
      states.remove(key);
    }
  }

  private void countSkipped() {
    synchronized (lock) {
      skipped++;
    }
  }

  /** The histograms and where they come from. */
  GateSummary summary() {
    synchronized (lock) {
      if (histogram == null) {
        return new GateSummary(
            status,
            null,
            null,
            0,
            watched.size(),
            0,
            skipped,
            dropped,
            limits.gateBins(),
            List.of(),
            null,
            null);
      }
      List<LayerGates> layers = new ArrayList<>(histogram.layers());
      for (int k = 0; k < histogram.layers(); k++) {
        layers.add(new LayerGates(histogram.input(k), histogram.forget(k)));
      }
      return new GateSummary(
          status,
          model.id(),
          model.version(),
          states.size(),
          watched.size(),
          histogram.steps(),
          skipped,
          dropped,
          histogram.bins(),
          layers,
          Payloads.finite(GateHistogram.nearBinary(histogram.inputs())),
          Payloads.finite(GateHistogram.nearBinary(histogram.forgets())));
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
