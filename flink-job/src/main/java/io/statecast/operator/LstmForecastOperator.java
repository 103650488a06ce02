package io.statecast.operator;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.Anomaly;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.Forecast;
import io.statecast.batch.Batcher;
import io.statecast.batch.KeyState;
import io.statecast.batch.KeyedBatch;
import io.statecast.features.EventTimeJump;
import io.statecast.source.ModelUpdateEvent;
import io.statecast.source.ObservationEvent;
import io.statecast.upgrade.ModelHolder;
import io.statecast.upgrade.ModelSwitch;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
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
 * <p><b>Flow.</b> Control goes one way: the operator asks {@link Admission} to buffer an event and
 * is told the outcome (buffered, or refused with a reason: an input the model cannot use is refused
 * on arrival); it owns the current model's {@link Batcher}, whose filling {@link KeyedBatch} is
 * flushed — stepped in waves ({@link Flushes}), one {@link Forecast} emitted per event (and an
 * {@link Anomaly} per actual outside its forecast interval) and the states written ({@link
 * BatchCompletion}) — when it is full, when the flush timer fires ({@code flushInterval} after its
 * first event), on every watermark, before a model switch, at the end of input, and before every
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
 * the kernel's device between checkpoints ({@link io.statecast.batch.ResidentStepper}): flushes
 * move only inputs and forecasts, and the changed states are written back into Flink state before
 * every checkpoint barrier, before a model switch and at the end of input, so checkpoints,
 * savepoints, rescaling and restores see exactly what they would without residency.
 *
 * <p><b>Order.</b> {@link Ordering#ARRIVAL}: events apply as they arrive; {@link
 * Ordering#EVENT_TIME}: they wait for the watermark in keyed state ({@link EventTimeGate}). Either
 * way an event not after its key's last one is a duplicate (same time) or late (earlier), and one
 * too far ahead is set aside ({@link EventTimeJumps}). Watermarks come from input 1 only.
 *
 * <p><b>Model updates.</b> An accepted update ({@link ModelUpdates}) flushes the batch with the old
 * model, switches ({@link ModelHolder}), and extends the model chain kept in broadcast state; each
 * key's state is carried over lazily at its next event by the chain's policy: kept, reset, or
 * re-warmed by stepping its recent observations (kept when {@code rewarmDepth > 0}) through the new
 * model, as silent events ahead of the current one. A refused update changes nothing and becomes a
 * dead letter with the reason.
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

  /** Actuals outside the interval of their key's previous forecast ({@link Anomalies}). */
  public static final OutputTag<Anomaly> ANOMALIES =
      new OutputTag<>("anomalies", TypeInformation.of(Anomaly.class));

  /** Duplicates, events the model cannot encode and refused model updates, with the reason. */
  public static final OutputTag<DeadLetter> REFUSED =
      new OutputTag<>("refused-events", TypeInformation.of(DeadLetter.class));

  static final String STATE_NAME = "lstm-state";
  static final String PENDING_NAME = "pending-events";
  static final String JUMP_NAME = "event-time-jump";
  static final MapStateDescriptor<Integer, ModelSwitch> CHAIN =
      new MapStateDescriptor<>("model-chain", Types.INT, TypeInformation.of(ModelSwitch.class));

  // --- configuration ---
  private final ForecastOperatorConfig config;

  // --- runtime ---
  private transient ModelHolder models; // the model and its batcher
  private transient OperatorMetrics metrics;
  private transient Refusals refusals;
  private transient EventTimeGate eventTimeGate; // null in arrival mode
  private transient boolean flushTimerSet;
  private transient Admission admission;
  private transient BatchCompletion completion;
  private transient ModelUpdates updates;
  private transient Flushes flushes;
  private transient KeyCount keyCount; // keysWithState

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
                getContainingTask()
                    .getMailboxExecutorFactory()
                    .createExecutor(getOperatorConfig().getChainIndex()),
                "statecast-kernel-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                () -> complete(flushes.takeStepped()))
            : Flushes.inline();
    models = ModelHolder.open(config.modelSettings(), chainState);
    keyState = getRuntimeContext().getState(KeyStates.descriptor(STATE_NAME, config.stateTtl()));
    Duration jumpBound = EventTimeJump.orDefault(config.maxEventTimeJump(), models.model().spec());
    if (config.ordering() == Ordering.EVENT_TIME) {
      eventTimeGate =
          new EventTimeGate(
              getRuntimeContext().getMapState(KeyStates.pending(PENDING_NAME)),
              getInternalTimerService("pending", VoidNamespaceSerializer.INSTANCE, this),
              config.allowedLateness(),
              jumpBound);
    }
    keyCount = KeyCount.of(getKeyedStateBackend(), STATE_NAME);
    metrics = new OperatorMetrics(getMetricGroup(), keyCount::get, () -> models.model().version());
    refusals =
        new Refusals(
            output, metrics, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0);
    EventTimeJumps jumps =
        new EventTimeJumps(
            getRuntimeContext().getState(KeyStates.longs(JUMP_NAME, config.stateTtl())), jumpBound);
    admission = new Admission(models, flushes, keyState, metrics, jumps, config.rewarmDepth());
    boolean inPlace = BatchCompletion.writesInPlace(getKeyedStateBackend(), config);
    Anomalies anomalies = Anomalies.open(getRuntimeContext(), output, metrics, config, this);
    completion = new BatchCompletion(output, metrics, refusals, keyState, this, inPlace, anomalies);
    updates = new ModelUpdates(models, refusals, metrics);
  }

  // ------------------------------------------------------------------ input 1: observations

  @Override
  public void processElement1(StreamRecord<ObservationEvent> record) throws Exception {
    ObservationEvent e = record.getValue();
    metrics.eventsIn.inc();
    if (eventTimeGate == null) {
      admit(e);
      return;
    }
    switch (eventTimeGate.offer(e)) {
      case APPLY_NOW -> admit(e);
      case LATE -> refusals.late(e, eventTimeGate.lateReason(e));
      case JUMPED -> refusals.jumped(e, eventTimeGate.jumpReason(e));
      case DUPLICATE -> refusals.duplicate(e);
      case WAITING -> {} // released by its event-time timer
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    ObservationEvent e = eventTimeGate.release(timer.getTimestamp());
    if (e != null) {
      admit(e);
    }
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

  /** Buffers an event (or refuses it); a full batch is flushed, else the flush timer is armed. */
  private void admit(ObservationEvent e) throws Exception {
    Admission.Outcome o = admission.admit(e);
    if (o.verdict() != Admission.Verdict.BUFFERED) {
      refusals.refuse(e, o);
    }
    if (models.batcher().filling().isFull()) {
      flush();
    } else if (!flushTimerSet && !models.batcher().filling().isEmpty()) {
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
   * fills) and completes what has been stepped.
   */
  void flush() throws Exception {
    if (models == null || models.batcher().filling().isEmpty()) {
      return;
    }
    complete(flushes.start(models.batcher(), completion));
  }

  /** Emits the forecasts and writes the states of stepped batches, oldest first. */
  private void complete(List<Flushes.Done> stepped) throws Exception {
    for (Flushes.Done d : stepped) {
      completion.complete(d);
    }
    keyCount.refresh();
  }

  /** Flushes and waits until every buffered event's forecast is emitted. */
  private void drain() throws Exception {
    flush();
    if (flushes != null) {
      complete(flushes.awaitInFlight());
    }
  }

  /** Flushes, then writes the states resident on the kernel's device back into Flink state. */
  private void flushAndWriteBack() throws Exception {
    drain();
    if (models != null) {
      completion.writeBack(models.batcher());
    }
  }

  // ------------------------------------------------------------------ input 2: model updates

  @Override
  public void processElement2(StreamRecord<ModelUpdateEvent> record) throws Exception {
    ModelArtifact next = updates.judge(record.getValue());
    if (next != null) {
      flushAndWriteBack(); // the old model's batches stepped, its resident states written
      updates.switchTo(next, record.getValue().update);
    }
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

  /** For tests: the operator's metrics. */
  OperatorMetrics metrics() {
    return metrics;
  }

  /** For tests: whether a batch is being stepped on the kernel thread, not yet completed. */
  boolean stepping() {
    return flushes != null && flushes.inFlight();
  }

  /** For tests: a copy of a key's state (sets the current key; writes resident states back). */
  KeyState stateOf(String key) throws Exception {
    if (flushes != null) {
      complete(flushes.awaitInFlight());
    }
    if (models != null) {
      completion.writeBack(models.batcher());
    }
    setCurrentKey(key);
    KeyState s = keyState.value();
    return s == null ? null : s.copy();
  }
}
