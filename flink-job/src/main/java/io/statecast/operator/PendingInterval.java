package io.statecast.operator;

/**
 * The first step of a key's last forecast's chosen interval, kept in keyed state until the key's
 * next event answers it ({@link Anomalies}). A Flink POJO (public fields, a no-argument
 * constructor), so its serializer evolves with it: fields may be added later without losing a
 * savepoint's values.
 */
public final class PendingInterval {

  /** Event time of the event whose forecast this is. */
  public long forecastEventTime;

  /** That event's time minus the key's event before it; 0: the key had none. */
  public long gapBefore;

  public float coverage;
  public float lower;
  public float upper;

  /** The median (point) forecast of the step. */
  public float median;

  public String modelId;
  public int modelVersion;

  public PendingInterval() {}
}
