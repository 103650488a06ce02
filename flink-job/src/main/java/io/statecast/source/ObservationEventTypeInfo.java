package io.statecast.source;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information that gives {@link ObservationEvent} its compact {@link
 * ObservationEventSerializer}: set on the stream that crosses the {@code keyBy} edge.
 */
public final class ObservationEventTypeInfo extends TypeInformation<ObservationEvent> {

  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final ObservationEventTypeInfo INSTANCE = new ObservationEventTypeInfo();

  private ObservationEventTypeInfo() {}

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<ObservationEvent> getTypeClass() {
    return ObservationEvent.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<ObservationEvent> createSerializer(SerializerConfig config) {
    return ObservationEventSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "ObservationEvent (compact)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObservationEventTypeInfo;
  }

  @Override
  public int hashCode() {
    return ObservationEventTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof ObservationEventTypeInfo;
  }
}
