package io.statecast.operator;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.avro.ModelUpdate;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.source.ObservationEvent;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LSTM forecast operator: keeps every key's recurrent state in Flink keyed state and steps it
 * once per event, batching events across keys so that one kernel call steps many keys. Input 1 is
 * the keyed stream of observations; input 2 is the broadcast stream of model updates.
 *
 * <p><b>Flow.</b> An accepted event is encoded into the {@link PendingBatch} at once ({@link
 * Admission}: so an input the model cannot use is refused on arrival). The batch is flushed —
 * stepped by {@link BatchStepper} in waves, states written back, one {@link Forecast} emitted per
 * event — when it is full, when the flush timer fires ({@code flushInterval} after its first
 * event), on every watermark, before a model switch, at the end of input, and before every
 * checkpoint barrier ({@link #prepareSnapshotPreBarrier}), so a checkpoint never contains a
 * half-applied batch and buffered events are never lost or applied twice across a failure.
 *
 * <p><b>Overlapped steps.</b> With {@code overlapSteps} on, a flushed batch is stepped on a kernel
 * thread of the operator's own while the operator thread reads the next events into a second batch
 * ({@link Flushes}); the forecasts of a batch are emitted, and its states written, on the operator
 * thread when its step is done. Watermarks, checkpoint barriers, model switches and the end of
 * input wait for the batch in flight, so the guarantees above are unchanged; a key with an event in
 * flight continues from the batch in flight.
 *
 * <p><b>Resident states.</b> With {@link Residency} on, the states of recently stepped keys stay on
 * the kernel's device between checkpoints ({@link ResidentStepper}): flushes move only inputs and
 * forecasts, and the changed states are written back into Flink state before every checkpoint
 * barrier, before a model switch and at the end of input, so checkpoints, savepoints, rescaling and
 * restores see exactly what they would without residency.
 *
 * <p><b>Order.</b> In {@link Ordering#ARRIVAL} mode events are applied as they arrive; in {@link
 * Ordering#EVENT_TIME} mode they wait in keyed state for the watermark (one event-time timer per
 * event) and are applied in event-time order. In both, an event not after its key's last applied
 * (or buffered) event is refused: the same time as a duplicate (dead letter), an earlier time as
 * late (late-events output); in event-time mode an event more than the allowed lateness behind the
 * watermark is late too. Watermarks come from input 1 only.
 *
 * <p><b>Model updates.</b> An accepted update ({@link UpdateJudge}) flushes the batch with the old
 * model, switches, and extends the {@link ModelChain} kept in broadcast state; each key's state is
 * carried over lazily at its next event by the chain's policy: kept, reset, or re-warmed by
 * stepping its recent observations (kept when {@code rewarmDepth > 0}) through the new model, as
 * silent events ahead of the current one. A refused update changes nothing and becomes a dead
 * letter with the reason.
 *
 * <p>Fields: configuration, then runtime (transient, rebuilt in {@link #open}), then checkpointed
 * state, as in Flink's {@code WindowOperator}.
 */
public class LstmForecastOperator extends AbstractStreamOperator<Forecast>
    implements TwoInputStreamOperator<ObservationEvent, ModelUpdateEvent, Forecast>,
        BoundedMultiInput,
        Triggerable<String, VoidNamespace> {

  private static final long serialVersionUID = 2L;
  private static final Logger LOG = LoggerFactory.getLogger(LstmForecastOperator.class);

  /** Events later than allowed: not applied, sent here with the reason. */
  public static final OutputTag<DeadLetter> LATE_EVENTS =
      new OutputTag<>("late-events", TypeInformation.of(DeadLetter.class));

  /** Duplicates, events the model cannot encode and refused model updates, with the reason. */
  public static final OutputTag<DeadLetter> REFUSED =
      new OutputTag<>("refused-events", TypeInformation.of(DeadLetter.class));

  static final String STATE_NAME = "lstm-state";
  static final String PENDING_NAME = "pending-events";
  static final MapStateDescriptor<Integer, ModelSwitch> CHAIN =
      new MapStateDescriptor<>("model-chain", Types.INT, TypeInformation.of(ModelSwitch.class));

  // --- configuration ---
  private final ForecastOperatorConfig config;

  // --- runtime ---
  private transient ModelHolder models;
  private transient OperatorMetrics metrics;
  private transient Refusals refusals;
  private transient EventTimeGate eventTimeGate; // null in arrival mode
  private transient boolean flushTimerSet;
  private transient boolean writesInPlace;
  private transient Admission admission;
  private transient Stepper.StateWriter writer;
  private transient Flushes flushes;

  // --- checkpointed state ---
  private transient ValueState<KeyState> keyState;
  private transient BroadcastState<Integer, ModelSwitch> chainState;

  public LstmForecastOperator(ForecastOperatorConfig config) {
    this.config = config;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    chainState = context.getOperatorStateStore().getBroadcastState(CHAIN);
  }

  @Override
  public void open() throws Exception {
    super.open();
    writer = this::writeState;
    flushes =
        config.overlapSteps()
            ? Flushes.overlapped(
                this::complete,
                getContainingTask()
                    .getMailboxExecutorFactory()
                    .createExecutor(getOperatorConfig().getChainIndex()),
                "statecast-kernel-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask())
            : Flushes.inline(this::complete);
    models = ModelHolder.open(config, chainState);
    keyState = getRuntimeContext().getState(KeyStates.descriptor(STATE_NAME, config.stateTtl()));
    writesInPlace = writesInPlace(getKeyedStateBackend(), config);
    if (config.ordering() == Ordering.EVENT_TIME) {
      MapState<Long, ObservationEvent> pending =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      PENDING_NAME, Types.LONG, TypeInformation.of(ObservationEvent.class)));
      eventTimeGate =
          new EventTimeGate(
              pending,
              getInternalTimerService("pending", VoidNamespaceSerializer.INSTANCE, this),
              config.allowedLateness());
    }
    metrics =
        new OperatorMetrics(getMetricGroup(), this::keysWithState, () -> model().spec.version());
    refusals =
        new Refusals(
            output, metrics, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0);
    admission =
        new Admission(
            models, flushes, keyState, refusals, metrics, config.rewarmDepth(), this::buffered);
  }

  // ------------------------------------------------------------------ input 1: observations

  @Override
  public void processElement1(StreamRecord<ObservationEvent> record) throws Exception {
    ObservationEvent e = record.getValue();
    metrics.eventsIn.inc();
    if (eventTimeGate == null) {
      admission.accept(e);
      return;
    }
    switch (eventTimeGate.offer(e)) {
      case APPLY_NOW -> admission.accept(e);
      case LATE -> refusals.late(e, eventTimeGate.lateReason(e));
      case DUPLICATE -> refusals.duplicate(e);
      case WAITING -> {} // released by its event-time timer
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    ObservationEvent e = eventTimeGate.release(timer.getTimestamp());
    if (e != null) {
      admission.accept(e);
    }
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

  /** After an event was buffered: a full batch is flushed, else the flush timer is armed. */
  private void buffered(PendingBatch batch) throws Exception {
    if (batch.isFull()) {
      flush();
    } else if (!flushTimerSet) {
      flushTimerSet = true;
      long at =
          getProcessingTimeService().getCurrentProcessingTime() + config.flushInterval().toMillis();
      getProcessingTimeService()
          .registerTimer(
              at,
              now -> {
                flushTimerSet = false;
                flush();
              });
    }
  }

  /**
   * Steps everything buffered ({@link Flushes}: here, or on the kernel thread while the next batch
   * fills); its forecasts are emitted and its states written when it completes.
   */
  void flush() throws Exception {
    PendingBatch batch = models == null ? null : model().batch;
    if (batch == null || batch.isEmpty()) {
      return;
    }
    flushes.start(model(), writer);
  }

  /** Flushes and waits until every buffered event's forecast is emitted. */
  private void drain() throws Exception {
    flush();
    if (flushes != null) {
      flushes.awaitInFlight();
    }
  }

  /**
   * On the operator thread, a stepped batch: its forecasts built and emitted in order, its states
   * written into Flink state, except those stepped in place in the state table and those of keys
   * being stepped again in the batch in flight, which that batch writes when it completes.
   */
  private void complete(PendingBatch batch, Stepper.Flush f) throws Exception {
    Object currentKey = getCurrentKey();
    ServingModel m = model();
    long now = System.currentTimeMillis();
    for (int i = 0; i < batch.size(); i++) {
      if (!batch.silent[i]) {
        ObservationEvent e = batch.events[i];
        output.collect(new StreamRecord<>(Forecasts.of(batch, i, m, now), e.eventTime()));
        metrics.forecastsOut.inc();
        metrics.latencyMillis.update(Math.max(0, now - e.ingestTime));
      }
    }
    for (PendingBatch.KeyEntry entry : batch.keys()) {
      if (!(writesInPlace && entry.inTable) && flushes.inFlightEntry(entry.key) == null) {
        setCurrentKey(entry.key);
        keyState.update(entry.state);
      }
    }
    metrics.flushed(f);
    batch.clear();
    if (currentKey != null) {
      setCurrentKey(currentKey);
    }
  }

  /**
   * Flushes, then writes every state that is resident on the kernel's device and changed since the
   * last write-back into Flink state (nothing when states are not resident).
   */
  private void flushAndWriteBack() throws Exception {
    drain();
    if (models == null) {
      return;
    }
    Object currentKey = getCurrentKey();
    int written = model().stepper.writeBack(writer);
    metrics.writtenBack(written);
    if (currentKey != null) {
      setCurrentKey(currentKey);
    }
  }

  private void writeState(String key, KeyState state) throws Exception {
    setCurrentKey(key);
    keyState.update(state);
  }

  // ------------------------------------------------------------------ input 2: model updates

  @Override
  public void processElement2(StreamRecord<ModelUpdateEvent> record) throws Exception {
    ModelUpdateEvent u = record.getValue();
    if (u.deadLetter != null) {
      refusals.undecodableUpdate(u);
      return;
    }
    if (u.update == null) { // neither decoded nor refused by the source: nothing to judge
      metrics.updatesRefused.inc();
      LOG.warn("a model update event with neither an update nor a reason, at {}: ignored", u);
      return;
    }
    UpdateJudge.Verdict v = models.judge(u.update);
    if (v.ignored() != null) {
      metrics.updatesIgnored.inc();
      LOG.info("model update ignored: {}", v.ignored());
    } else if (v.refused() != null) {
      LOG.warn(
          "model update {} v{} refused: {}",
          u.update.getModelId(),
          u.update.getVersion(),
          v.refused());
      refusals.update(u, v.refused());
    } else {
      switchTo(v.accepted(), u.update);
    }
  }

  private void switchTo(ModelArtifact artifact, ModelUpdate u) throws Exception {
    flushAndWriteBack();
    ModelSwitch s = models.switchTo(artifact, u);
    metrics.updatesApplied.inc();
    LOG.info(
        "switched to model {} v{} (epoch {}, policy {})", s.modelId, s.version, s.epoch, s.policy);
  }

  // ------------------------------------------------------------------ time, checkpoints, end

  @Override
  public void processWatermark1(Watermark mark) throws Exception {
    if (timeServiceManager != null) {
      timeServiceManager.advanceWatermark(mark); // releases pending events into the batch
    }
    drain(); // the forecasts of every event before the watermark go out before it
    output.emitWatermark(mark);
  }

  /** Model updates carry no event time: their watermarks do not hold back the observations'. */
  @Override
  public void processWatermark2(Watermark mark) {}

  @Override
  protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
    if (index == 0) {
      output.emitWatermarkStatus(status);
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flushAndWriteBack();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput(int inputId) throws Exception {
    if (inputId == 1) {
      drain();
    }
  }

  @Override
  public void finish() throws Exception {
    flushAndWriteBack();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      if (flushes != null) {
        flushes.close(); // stops the kernel thread before its kernel is closed
      }
    } finally {
      try {
        if (models != null) {
          models.close();
        }
      } finally {
        super.close();
      }
    }
  }

  /**
   * Whether a state object read from the backend and stepped in place needs no {@code update}: true
   * on the heap backend without TTL. Its {@code CopyOnWriteStateMap} hands out the object it holds
   * and, while an asynchronous snapshot still needs the old value, copies the entry on {@code get}
   * before handing it out, so mutating what {@code value()} returned never reaches a running
   * snapshot (Flink's own {@code HeapListState.add} appends to the list it got the same way). Not
   * with TTL, whose timestamp only a write refreshes, nor on RocksDB (a read is a copy), nor behind
   * the changelog backend (it logs only writes): those get every state written back. Saves a
   * hash-table walk per key and flush, measured at ≈6% of the operator thread.
   */
  static boolean writesInPlace(Object backend, ForecastOperatorConfig config) {
    return backend instanceof HeapKeyedStateBackend<?> && config.stateTtl() == null;
  }

  private ServingModel model() {
    return models.model();
  }

  /** Entries in the keyed state tables (exact on the heap backend; -1 elsewhere). */
  private long keysWithState() {
    return getKeyedStateBackend() instanceof HeapKeyedStateBackend<?> heap
        ? heap.numKeyValueStateEntries()
        : -1;
  }

  /** For tests: whether a batch is being stepped on the kernel thread, not yet completed. */
  boolean stepping() {
    return flushes != null && flushes.inFlight();
  }

  /**
   * For tests: a copy of the state of a key (sets the current key; writes resident states back).
   */
  KeyState stateOf(String key) throws Exception {
    if (flushes != null) {
      flushes.awaitInFlight();
    }
    if (models != null) {
      model().stepper.writeBack(writer);
    }
    setCurrentKey(key);
    KeyState s = keyState.value();
    return s == null ? null : s.copy();
  }
}
