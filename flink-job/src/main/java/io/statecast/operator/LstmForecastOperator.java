package io.statecast.operator;

import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
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
 * thread when its step is done, in flush order. Watermarks, checkpoint barriers, model switches and
 * the end of input wait for the batches in flight, so the guarantees above are unchanged; a key
 * with an event in flight continues from the newest batch in flight that has it.
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
  private transient Admission admission;
  private transient BatchCompletion completion;
  private transient ModelUpdates updates;
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
    completion =
        new BatchCompletion(
            output,
            metrics,
            keyState,
            this,
            BatchCompletion.writesInPlace(getKeyedStateBackend(), config));
    updates = new ModelUpdates(models, refusals, metrics, this::flushAndWriteBack);
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
    flushes.start(model(), completion);
  }

  /** Flushes and waits until every buffered event's forecast is emitted. */
  private void drain() throws Exception {
    flush();
    if (flushes != null) {
      flushes.awaitInFlight();
    }
  }

  /**
   * A stepped batch, on the operator thread: forecasts out, states written ({@link
   * BatchCompletion}).
   */
  private void complete(PendingBatch batch, Stepper.Flush f) throws Exception {
    completion.complete(batch, f, model(), flushes);
  }

  /** Flushes, then writes the states resident on the kernel's device back into Flink state. */
  private void flushAndWriteBack() throws Exception {
    drain();
    if (models != null) {
      completion.writeBack(model().stepper);
    }
  }

  // ------------------------------------------------------------------ input 2: model updates

  @Override
  public void processElement2(StreamRecord<ModelUpdateEvent> record) throws Exception {
    updates.accept(record.getValue());
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
      model().stepper.writeBack(completion);
    }
    setCurrentKey(key);
    KeyState s = keyState.value();
    return s == null ? null : s.copy();
  }
}
