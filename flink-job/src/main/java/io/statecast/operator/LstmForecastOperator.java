package io.statecast.operator;

import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.DeadLetter;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Forecast;
import io.statecast.cell.EngineKind;
import io.statecast.cell.ReferenceKernel;
import io.statecast.cell.StepKernel;
import io.statecast.cell.djl.DjlRuntime;
import io.statecast.cell.djl.DjlStepKernel;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.model.ModelSpec;
import io.statecast.source.ObservationDecoder;
import io.statecast.source.ObservationEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The LSTM forecast operator: keeps every key's recurrent state in Flink keyed state and steps it
 * once per event, batching events across keys so that one kernel call steps many keys.
 *
 * <p><b>Flow.</b> An accepted event is encoded into the {@link PendingBatch} at once (so an input
 * the model cannot use is refused on arrival). The batch is flushed — stepped by {@link
 * BatchStepper} in waves, states written back, one {@link Forecast} emitted per event — when it is
 * full, when the flush timer fires ({@code flushInterval} after its first event), on every
 * watermark, at the end of input, and before every checkpoint barrier ({@link
 * #prepareSnapshotPreBarrier}), so buffered events are never lost or applied twice across a
 * failure: a checkpoint never contains a half-applied batch.
 *
 * <p><b>Order.</b> In {@link Ordering#ARRIVAL} mode events are applied as they arrive; in {@link
 * Ordering#EVENT_TIME} mode they wait in keyed state for the watermark (one event-time timer per
 * event) and are applied in event-time order. In both, an event not after its key's last applied
 * (or buffered) event is refused: the same time as a duplicate (dead letter), an earlier time as
 * late (late-events output); in event-time mode an event more than the allowed lateness behind the
 * watermark is late too.
 *
 * <p>Fields: configuration, then runtime (transient, rebuilt in {@link #open}), then checkpointed
 * state (Flink keyed state), as in Flink's {@code WindowOperator}.
 */
public class LstmForecastOperator extends AbstractStreamOperator<Forecast>
    implements OneInputStreamOperator<ObservationEvent, Forecast>,
        BoundedOneInput,
        Triggerable<String, VoidNamespace> {

  private static final long serialVersionUID = 1L;

  /** Events later than allowed: not applied, sent here with the reason. */
  public static final OutputTag<DeadLetter> LATE_EVENTS =
      new OutputTag<>("late-events", TypeInformation.of(DeadLetter.class));

  /** Duplicates and events the model cannot encode: dead letters with the reason. */
  public static final OutputTag<DeadLetter> REFUSED =
      new OutputTag<>("refused-events", TypeInformation.of(DeadLetter.class));

  static final String STATE_NAME = "lstm-state";
  static final String PENDING_NAME = "pending-events";

  // --- configuration ---
  private final ForecastOperatorConfig config;

  // --- runtime ---
  private transient ModelSpec spec;
  private transient StepKernel kernel;
  private transient FeatureEncoder encoder;
  private transient PendingBatch batch;
  private transient BatchStepper stepper;
  private transient OperatorMetrics metrics;
  private transient InternalTimerService<VoidNamespace> eventTimers;
  private transient boolean flushTimerSet;
  private transient float[] units;

  // --- checkpointed state ---
  private transient ValueState<KeyState> keyState;
  private transient MapState<Long, ObservationEvent> pending;

  public LstmForecastOperator(ForecastOperatorConfig config) {
    this.config = config;
  }

  @Override
  public void open() throws Exception {
    super.open();
    ModelArtifact artifact = loadModel();
    spec = artifact.spec();
    encoder = FeatureEncoder.of(artifact);
    kernel = openKernel(artifact);
    batch = new PendingBatch(config.batchSize(), spec.inputSize());
    stepper = new BatchStepper(kernel, config.batchSize());
    units = new float[spec.head().horizon()];
    keyState = getRuntimeContext().getState(stateDescriptor());
    if (config.ordering() == Ordering.EVENT_TIME) {
      pending = getRuntimeContext().getMapState(pendingDescriptor());
      eventTimers = getInternalTimerService("pending", VoidNamespaceSerializer.INSTANCE, this);
    }
    metrics = new OperatorMetrics(getMetricGroup(), this::keysWithState);
  }

  private ModelArtifact loadModel() throws Exception {
    ModelArtifact artifact = ModelArtifact.load(Path.of(config.modelPath()));
    String expected = config.expectedManifestSha256();
    if (expected != null && !expected.equals(artifact.manifestSha256())) {
      throw new IllegalStateException(
          config.modelPath()
              + " has manifest SHA-256 "
              + artifact.manifestSha256()
              + ", not the expected "
              + expected);
    }
    if (!artifact.spec().head().present()) {
      throw new IllegalStateException(
          "model '" + artifact.spec().id() + "' has no head (horizon 0): it cannot forecast");
    }
    return artifact;
  }

  private StepKernel openKernel(ModelArtifact artifact) {
    if (config.engine() == EngineKind.REFERENCE) {
      return new ReferenceKernel(artifact.weights());
    }
    DjlRuntime.engine(config.kernelThreads());
    return new DjlStepKernel(artifact.weights(), DjlRuntime.device(config.gpu()));
  }

  private ValueStateDescriptor<KeyState> stateDescriptor() {
    ValueStateDescriptor<KeyState> d =
        new ValueStateDescriptor<>(STATE_NAME, KeyStateSerializer.INSTANCE);
    if (config.stateTtl() != null) {
      d.enableTimeToLive(
          StateTtlConfig.newBuilder(config.stateTtl())
              .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
              .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
              .cleanupFullSnapshot()
              .cleanupIncrementally(16, false)
              .cleanupInRocksdbCompactFilter(1000)
              .build());
    }
    return d;
  }

  private static MapStateDescriptor<Long, ObservationEvent> pendingDescriptor() {
    return new MapStateDescriptor<>(
        PENDING_NAME, Types.LONG, TypeInformation.of(ObservationEvent.class));
  }

  @Override
  public void processElement(StreamRecord<ObservationEvent> record) throws Exception {
    ObservationEvent e = record.getValue();
    metrics.eventsIn.inc();
    if (config.ordering() == Ordering.ARRIVAL) {
      accept(e);
      return;
    }
    long t = e.eventTime();
    long watermark = eventTimers.currentWatermark();
    if (t <= watermark) {
      if (t < watermark - config.allowedLateness().toMillis()) {
        late(
            e,
            "event time "
                + t
                + " is behind the watermark "
                + watermark
                + " by more than the allowed lateness "
                + config.allowedLateness());
      } else {
        accept(e);
      }
    } else if (pending.contains(t)) {
      duplicate(e);
    } else {
      pending.put(t, e);
      eventTimers.registerEventTimeTimer(VoidNamespace.INSTANCE, t);
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    ObservationEvent e = pending.get(timer.getTimestamp());
    if (e != null) {
      pending.remove(timer.getTimestamp());
      accept(e);
    }
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {}

  /** Checks order, encodes and buffers an event of the current key; flushes when full. */
  private void accept(ObservationEvent e) throws Exception {
    PendingBatch.KeyEntry entry = batch.entry(e.key());
    KeyState state = entry != null ? entry.state : keyState.value();
    long last =
        entry != null ? entry.lastEventTime : state == null ? Long.MIN_VALUE : state.lastEventTime;
    if (e.eventTime() == last) {
      duplicate(e);
      return;
    }
    if (e.eventTime() < last) {
      late(e, "event time " + e.eventTime() + " is before the key's last applied event " + last);
      return;
    }
    long previous = last == Long.MIN_VALUE ? FeatureEncoder.NO_PREVIOUS : last;
    try {
      encoder.encode(e.observation, previous, batch.x, batch.nextInputOffset());
    } catch (InvalidObservationException ex) {
      refuse(e, ex.kind(), ex.getMessage());
      return;
    }
    batch.add(e, state != null ? state : freshState());
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

  private KeyState freshState() {
    return new KeyState(
        new float[spec.stateLayout().size()], 0, Long.MIN_VALUE, spec.id(), spec.version());
  }

  /** Steps everything buffered, writes the states back and emits the forecasts. */
  void flush() throws Exception {
    if (batch == null || batch.isEmpty()) {
      return;
    }
    Object currentKey = getCurrentKey();
    long now = System.currentTimeMillis();
    BatchStepper.Flush f =
        stepper.run(batch, (i, entry, forecast, off) -> emit(i, entry, forecast, off, now));
    for (PendingBatch.KeyEntry entry : batch.keys()) {
      setCurrentKey(entry.key);
      keyState.update(entry.state);
    }
    metrics.flushes.inc();
    metrics.batchSize.update(f.largestWave());
    metrics.stepMicros.update(f.stepNanos() / 1000);
    batch.clear();
    if (currentKey != null) {
      setCurrentKey(currentKey);
    }
  }

  private void emit(int i, PendingBatch.KeyEntry entry, float[] forecast, int off, long now) {
    ObservationEvent e = batch.events[i];
    entry.state.lastEventTime = e.eventTime();
    encoder.forecastToUnits(entry.key, forecast, off, units.length, units, 0);
    List<Float> values = new ArrayList<>(units.length);
    for (float v : units) {
      values.add(v);
    }
    Forecast out =
        Forecast.newBuilder()
            .setKey(entry.key)
            .setEventTime(e.eventTime())
            .setValues(values)
            .setModelId(spec.id())
            .setModelVersion(spec.version())
            .setSteps(entry.state.steps)
            .setTarget(e.observation.getTarget())
            .setObservedAt(e.ingestTime)
            .setEmittedAt(now)
            .build();
    output.collect(new StreamRecord<>(out, e.eventTime()));
    metrics.forecastsOut.inc();
    metrics.latencyMillis.update(Math.max(0, now - e.ingestTime));
  }

  private void duplicate(ObservationEvent e) {
    metrics.duplicates.inc();
    output.collect(
        REFUSED,
        new StreamRecord<>(
            ObservationDecoder.deadLetterFor(
                e,
                ErrorKind.DUPLICATE_EVENT,
                "an event of key '" + e.key() + "' at " + e.eventTime() + " was already applied",
                System.currentTimeMillis()),
            e.eventTime()));
  }

  private void late(ObservationEvent e, String reason) {
    metrics.lateEvents.inc();
    output.collect(
        LATE_EVENTS,
        new StreamRecord<>(
            ObservationDecoder.deadLetterFor(
                e, ErrorKind.LATE_EVENT, reason, System.currentTimeMillis()),
            e.eventTime()));
  }

  private void refuse(ObservationEvent e, ErrorKind kind, String reason) {
    metrics.refused.inc();
    output.collect(
        REFUSED,
        new StreamRecord<>(
            ObservationDecoder.deadLetterFor(e, kind, reason, System.currentTimeMillis()),
            e.eventTime()));
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (timeServiceManager != null) {
      timeServiceManager.advanceWatermark(mark); // releases pending events into the batch
    }
    flush();
    output.emitWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      super.close();
    }
  }

  /** Entries in the keyed state tables (exact on the heap backend; -1 elsewhere). */
  private long keysWithState() {
    return getKeyedStateBackend() instanceof HeapKeyedStateBackend<?> heap
        ? heap.numKeyValueStateEntries()
        : -1;
  }

  /** For tests: a copy of the state of a key (sets the current key). */
  KeyState stateOf(String key) throws Exception {
    setCurrentKey(key);
    KeyState s = keyState.value();
    return s == null ? null : s.copy();
  }
}
