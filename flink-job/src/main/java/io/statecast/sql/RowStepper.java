package io.statecast.sql;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.batch.BatchRow;
import io.statecast.batch.Batcher;
import io.statecast.batch.KeyState;
import io.statecast.batch.KeyedBatch;
import io.statecast.batch.Residency;
import io.statecast.batch.ServingModel;
import io.statecast.cell.Engine;
import io.statecast.features.EventTimeJump;
import io.statecast.features.FeatureEncoder;
import io.statecast.features.InvalidObservationException;
import io.statecast.features.ObservationValidator;
import io.statecast.features.ValidationRules;
import io.statecast.modelstore.ModelStore;
import java.time.Duration;

/**
 * One model stepping one row at a time, as the DataStream operator steps an event: the observation
 * is validated ({@link ObservationValidator}, the job's default rules), checked against its key's
 * order (a duplicate, a late event or a jump is refused as the operator's {@code Admission} and
 * {@code EventTimeJumps} refuse it), encoded ({@link FeatureEncoder}: calendar and gap features,
 * per-key scaling) into a {@link KeyedBatch} of one row and stepped by the keyed-batch engine
 * ({@link Batcher}, {@link io.statecast.batch.BatchStepper}) with the job's default kernel ({@link
 * Engine#DEFAULT}); the forecast comes back in target units. A refused row changes nothing but a
 * jump's suspect.
 *
 * <p>For one thread: the kernel is not shared.
 */
final class RowStepper implements AutoCloseable {

  /** Why a row was not stepped. */
  record Refusal(ErrorKind kind, String reason) {}

  private static final Refusal DUPLICATE =
      new Refusal(ErrorKind.DUPLICATE_EVENT, "already applied");

  /** A row of the batch of one. */
  private record Step(String key, long eventTime, double target) implements BatchRow {}

  private final ServingModel model;
  private final Batcher<Step> batcher;
  private final ObservationValidator validator;
  private final Duration jumpBound;
  private final long jumpMillis;

  private RowStepper(ServingModel model) {
    this.model = model;
    this.batcher = model.newBatcher(1, Residency.OFF);
    this.validator =
        new ObservationValidator(ValidationRules.DEFAULTS, model.encoder().requiredFeatureCount());
    this.jumpBound = EventTimeJump.defaultFor(model.spec());
    this.jumpMillis = jumpBound.toMillis();
  }

  /**
   * Loads and verifies the model artifact at {@code directory} (a plain path or a URI of any Flink
   * file system, read as the job reads its models: {@link ModelStore}), by its manifest's digests.
   *
   * @throws IllegalArgumentException when the artifact cannot be loaded or has no forecast head
   */
  static RowStepper load(String directory) {
    ModelArtifact artifact;
    try {
      artifact = ModelStore.fileSystems().load(directory);
    } catch (ArtifactException e) {
      throw new IllegalArgumentException("cannot load the model " + directory + ": " + e, e);
    }
    if (!artifact.spec().head().present()) {
      throw new IllegalArgumentException(
          "model '" + artifact.spec().id() + "' has no head (horizon 0): it cannot forecast");
    }
    return new RowStepper(new ServingModel(artifact, Engine.DEFAULT));
  }

  ServingModel model() {
    return model;
  }

  /** Values of a step's result: the head's outputs (every quantile's block for a quantile head). */
  int horizon() {
    return model.resultWidth();
  }

  /**
   * Steps {@code o} into its key's {@code memory} and writes the forecast (target units) into
   * {@code forecast}; or leaves both unchanged (but for a jump's suspect) and says why not.
   *
   * @param now the wall clock (ms), for validation's bound on future event times
   * @return null when stepped, else the refusal
   */
  Refusal step(Observation o, ForecastState memory, long now, float[] forecast) {
    ObservationValidator.Problem p = validator.check(o, now);
    if (p != null) {
      return new Refusal(p.kind(), p.reason());
    }
    long t = o.getEventTime();
    long last = memory.last();
    if (t == last) {
      return DUPLICATE;
    }
    if (t < last) {
      return new Refusal(
          ErrorKind.LATE_EVENT,
          "event time " + t + " is before the key's last applied event " + last);
    }
    String jump = judgeJump(t, last, memory);
    if (jump != null) {
      return new Refusal(ErrorKind.EVENT_TIME_JUMP, jump);
    }
    KeyState state = memory.toKeyState(model);
    KeyedBatch<Step> batch = batcher.filling();
    int offset = batch.nextInputOffset();
    long gapFrom = state.lastEventTime == Long.MIN_VALUE ? FeatureEncoder.NO_PREVIOUS : last;
    try {
      model.encoder().encode(o, gapFrom, batch.x, offset);
    } catch (InvalidObservationException e) {
      return new Refusal(e.kind(), e.getMessage());
    }
    batch.add(
        new Step(o.getKey(), t, o.getTarget() == null ? Double.NaN : o.getTarget()),
        state,
        false,
        false);
    KeyedBatch<Step> full = batcher.handOver();
    try {
      batcher.step(full, null);
      System.arraycopy(full.values, 0, forecast, 0, full.width());
    } catch (Exception e) {
      throw new IllegalStateException("stepping the model failed", e);
    } finally {
      full.clear();
      batcher.recycle(full);
    }
    memory.update(state, model);
    return null;
  }

  /**
   * Why an event at {@code t} is set aside as a jump past the key's {@code last} one, or null: the
   * rule of the operator's {@code EventTimeJumps}, its suspect kept in {@code memory}.
   */
  private String judgeJump(long t, long last, ForecastState memory) {
    if (jumpMillis == 0 || last == Long.MIN_VALUE || t - last <= jumpMillis) {
      return null;
    }
    if (memory.suspectTime != null
        && memory.suspectLast == last
        && Math.abs(t - memory.suspectTime) <= jumpMillis) {
      memory.suspectTime = null;
      memory.suspectLast = null;
      return null;
    }
    memory.suspectTime = t;
    memory.suspectLast = last;
    return EventTimeJump.reason(t, last, "the key's last event", jumpBound);
  }

  @Override
  public void close() {
    batcher.close();
  }
}
