package io.statecast.serve;

import io.statecast.avro.Observation;
import io.statecast.batch.KeyState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful API's sequence batcher for one model, like Triton's: requests of many keys are
 * batched into one kernel step per wave, by one dispatcher thread that owns the kernel and every
 * key's state (so neither needs a lock).
 *
 * <p><b>Batches.</b> An idle dispatcher takes the first request, then waits up to {@code maxWait}
 * for more keys (until {@code maxBatch}); while work is pending it does not wait. Each batch steps
 * up to {@code maxBatch} observations of up to {@code maxBatch} distinct keys ({@link
 * SequenceStepper}, on the keyed-batch engine: in waves, a key's observations one after the other).
 * A key's jobs queue in submission order: its second request runs in a later batch, so a key's
 * observations are applied strictly in order. Reads and resets run in that order too, between
 * batches. Keys with work left move to the back, so one long request cannot starve others.
 *
 * <p><b>Bounds.</b> At most {@code queueCapacity} requests wait (429 beyond); at most {@code
 * maxKeys} keys are held (429 for a new one); a key idle for {@code keyTtl} is forgotten.
 */
final class SequenceBatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SequenceBatcher.class);

  // configuration
  private final String model;
  private final BatchingConfig config;
  private final ServerMetrics metrics;
  private final long sweepNanos;

  // runtime, shared with request threads
  private final BlockingQueue<SequenceJob> inbox;
  private final BatchStats stats;
  private final Thread thread;
  private volatile boolean running = true;

  // owned by the dispatcher thread
  private final KeyTable keys;
  private final SequenceStepper stepper;
  private final LinkedHashMap<String, ArrayDeque<SequenceJob>> pending = new LinkedHashMap<>();
  private long nextSweep;

  SequenceBatcher(String model, BatchingConfig config, LoadedModels models, ServerMetrics metrics) {
    this.model = model;
    this.config = config;
    this.metrics = metrics;
    this.sweepNanos = Math.max(config.keyTtl().toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(5));
    this.inbox = new LinkedBlockingQueue<>(config.queueCapacity());
    this.stats = new BatchStats(config.maxBatch());
    this.keys = new KeyTable(config.maxKeys());
    this.stepper = new SequenceStepper(model, models, config.maxBatch());
    this.thread = new Thread(this::loop, "statecast-batcher-" + model);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Steps the observations into the key's state, in order; the forecast after the last. */
  CompletableFuture<StepResult> step(String key, List<Observation> observations) {
    SequenceJob.Steps job = new SequenceJob.Steps(key, observations);
    submit(job);
    return job.done();
  }

  /** A copy of the key's state, empty if the server holds none. */
  CompletableFuture<Optional<KeyStateView>> read(String key) {
    SequenceJob.Read job = new SequenceJob.Read(key, new CompletableFuture<>());
    submit(job);
    return job.done();
  }

  /** Forgets the key's state; whether there was one. */
  CompletableFuture<Boolean> reset(String key) {
    SequenceJob.Reset job = new SequenceJob.Reset(key, new CompletableFuture<>());
    submit(job);
    return job.done();
  }

  /** Waves by size so far. */
  SortedMap<Integer, Long> batchSizes() {
    return stats.snapshot();
  }

  private void submit(SequenceJob job) {
    if (!running) {
      job.fail(ApiException.unavailable("the server is shutting down"));
    } else if (!inbox.offer(job)) {
      job.fail(
          ApiException.tooManyRequests(
              "too many requests are waiting for model '" + model + "'; retry shortly", 1));
    }
  }

  private void loop() {
    nextSweep = System.nanoTime() + sweepNanos;
    while (running) {
      try {
        if (pending.isEmpty()) {
          SequenceJob first = inbox.poll(sweepNanos, TimeUnit.NANOSECONDS);
          if (first != null) {
            accept(first);
            gather(System.nanoTime() + config.maxWait().toNanos());
          }
        } else {
          drain();
        }
        runControls();
        if (!pending.isEmpty()) {
          wave();
        }
        sweepIfDue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("{}: dispatcher error; failing the pending requests", model, e);
        failPending(new ApiException(500, "internal error in the batcher"));
      }
    }
    failPending(ApiException.unavailable("the server is shutting down"));
    stepper.close();
  }

  private void accept(SequenceJob job) {
    pending.computeIfAbsent(job.key(), k -> new ArrayDeque<>()).addLast(job);
  }

  /** Waits until {@code deadline} for more keys, up to a full batch. */
  private void gather(long deadline) throws InterruptedException {
    while (pending.size() < config.maxBatch()) {
      long left = deadline - System.nanoTime();
      SequenceJob job = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : inbox.poll();
      if (job == null) {
        return;
      }
      accept(job);
    }
  }

  /** Takes what is waiting, without waiting, up to a full batch of keys. */
  private void drain() {
    SequenceJob job;
    while (pending.size() < config.maxBatch() && (job = inbox.poll()) != null) {
      accept(job);
    }
  }

  /** Runs reads and resets that head their key's queue. */
  private void runControls() {
    Iterator<Map.Entry<String, ArrayDeque<SequenceJob>>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      ArrayDeque<SequenceJob> q = it.next().getValue();
      while (!q.isEmpty() && !(q.peekFirst() instanceof SequenceJob.Steps)) {
        control(q.pollFirst());
      }
      if (q.isEmpty()) {
        it.remove();
      }
    }
  }

  private void control(SequenceJob job) {
    if (job instanceof SequenceJob.Reset r) {
      r.done().complete(keys.remove(r.key()));
      metrics.keys.labelValues(model).set(keys.size());
    } else if (job instanceof SequenceJob.Read r) {
      KeyState s = keys.get(r.key());
      r.done()
          .complete(
              s == null || stepper.model() == null
                  ? Optional.empty()
                  : Optional.of(
                      KeyStateView.of(model, r.key(), s, stepper.model().spec().stateLayout())));
    }
  }

  private void wave() {
    List<SequenceJob.Steps> jobs = new ArrayList<>(Math.min(pending.size(), config.maxBatch()));
    for (ArrayDeque<SequenceJob> q : pending.values()) {
      if (jobs.size() == config.maxBatch()) {
        break;
      }
      jobs.add((SequenceJob.Steps) q.peekFirst());
    }
    long start = System.nanoTime();
    try {
      stepper.ensureCurrent(keys);
      int n =
          stepper.step(
              jobs,
              keys,
              start,
              rows -> {
                stats.record(rows);
                metrics.batchSize.labelValues(model).observe(rows);
                metrics.steps.labelValues(model).inc(rows);
              });
      if (n > 0) {
        metrics.waveSeconds.labelValues(model).observe((System.nanoTime() - start) / 1e9);
      }
    } catch (ApiException e) {
      jobs.forEach(j -> j.fail(e));
    }
    metrics.keys.labelValues(model).set(keys.size());
    retire(jobs);
  }

  /** Drops finished jobs from their queues and moves keys with work left to the back. */
  private void retire(List<SequenceJob.Steps> jobs) {
    for (SequenceJob.Steps job : jobs) {
      ArrayDeque<SequenceJob> q = pending.remove(job.key());
      if (job.finished()) {
        q.pollFirst();
      }
      if (!q.isEmpty()) {
        pending.put(job.key(), q);
      }
    }
  }

  private void sweepIfDue() {
    long now = System.nanoTime();
    if (now - nextSweep < 0) {
      return;
    }
    nextSweep = now + sweepNanos;
    int expired = keys.expire(now, config.keyTtl().toNanos(), pending.keySet());
    if (expired > 0) {
      metrics.keysExpired.labelValues(model).inc(expired);
      metrics.keys.labelValues(model).set(keys.size());
      LOG.debug("{}: {} idle keys expired, {} held", model, expired, keys.size());
    }
  }

  private void failPending(ApiException e) {
    pending.values().forEach(q -> q.forEach(j -> j.fail(e)));
    pending.clear();
    SequenceJob job;
    while ((job = inbox.poll()) != null) {
      job.fail(e);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SequenceJob late;
    while ((late = inbox.poll()) != null) {
      late.fail(ApiException.unavailable("the server is shutting down"));
    }
  }
}
