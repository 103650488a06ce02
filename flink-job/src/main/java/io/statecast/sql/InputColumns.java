package io.statecast.sql;

import io.statecast.avro.Observation;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.Row;

/**
 * Where the fields of an {@link Observation} are in the rows of {@link ForecastFunction}'s input
 * table, found once by name in the table's type, and the reading of a row into an observation.
 *
 * <p>The key is the value of the one {@code PARTITION BY} column (as text). The other fields are
 * columns named as the {@code Observation} schema's fields, compared without case and underscores
 * ({@code eventTime}, {@code event_time}): {@code eventTime} (required: {@code BIGINT} milliseconds
 * since the epoch, or a {@code TIMESTAMP_LTZ}, or a {@code TIMESTAMP} read as UTC), {@code
 * features} (an {@code ARRAY} of numbers), {@code named} (a {@code MAP} from text to numbers) and
 * {@code target} (a number); the last three are optional, and a missing column or a null reads as
 * the schema's default (no features, no named features, no target). Other columns are ignored. A
 * null number inside {@code features} or {@code named} reads as NaN, which validation refuses as
 * the DataStream job refuses a non-finite value.
 */
final class InputColumns {

  private final int key;
  private final int eventTime;
  private final int features;
  private final int named;
  private final int target;

  private InputColumns(int key, int eventTime, int features, int named, int target) {
    this.key = key;
    this.eventTime = eventTime;
    this.features = features;
    this.named = named;
    this.target = target;
  }

  /**
   * The columns of a table argument.
   *
   * @throws IllegalArgumentException when the table is not partitioned by exactly one column, or
   *     has no event-time column, or a column has a type it cannot be read from
   */
  static InputColumns of(TableSemantics table) {
    int[] partition = table.partitionByColumns();
    if (partition.length != 1) {
      throw new IllegalArgumentException(
          "the input of STATECAST_FORECAST must be partitioned by one column, the key (PARTITION"
              + " BY key), not "
              + partition.length);
    }
    DataType type = table.dataType();
    List<String> names = DataType.getFieldNames(type);
    List<DataType> types = DataType.getFieldDataTypes(type);
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byName.putIfAbsent(normal(names.get(i)), i);
    }
    int time = byName.getOrDefault("eventtime", -1);
    if (time < 0) {
      throw new IllegalArgumentException(
          "the input of STATECAST_FORECAST has no column eventTime (or event_time); columns: "
              + names);
    }
    InputColumns c =
        new InputColumns(
            partition[0],
            time,
            byName.getOrDefault("features", -1),
            byName.getOrDefault("named", -1),
            byName.getOrDefault("target", -1));
    c.check(names, types);
    return c;
  }

  private void check(List<String> names, List<DataType> types) {
    LogicalType t = types.get(eventTime).getLogicalType();
    if (t.getTypeRoot() != LogicalTypeRoot.BIGINT && !t.is(LogicalTypeFamily.TIMESTAMP)) {
      refuse(names.get(eventTime), t, "BIGINT (ms since the epoch), TIMESTAMP_LTZ or TIMESTAMP");
    }
    if (features >= 0
        && types.get(features).getLogicalType().getTypeRoot() != LogicalTypeRoot.ARRAY) {
      refuse(names.get(features), types.get(features).getLogicalType(), "an ARRAY of numbers");
    }
    if (named >= 0 && types.get(named).getLogicalType().getTypeRoot() != LogicalTypeRoot.MAP) {
      refuse(names.get(named), types.get(named).getLogicalType(), "a MAP<STRING, FLOAT>");
    }
    if (target >= 0 && !types.get(target).getLogicalType().is(LogicalTypeFamily.NUMERIC)) {
      refuse(names.get(target), types.get(target).getLogicalType(), "a number");
    }
  }

  private static void refuse(String column, LogicalType type, String wanted) {
    throw new IllegalArgumentException(
        "column " + column + " of the input of STATECAST_FORECAST is " + type + ", not " + wanted);
  }

  private static String normal(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Whether the row has an event time (a null one cannot be stepped). */
  boolean timed(Row row) {
    return row.getField(eventTime) != null;
  }

  /** The observation a row holds (not validated: that is the caller's next step). */
  Observation read(Row row) {
    Object k = row.getField(key);
    return new Observation(
        k == null ? null : k.toString(),
        millis(row.getField(eventTime)),
        features < 0 ? List.of() : floats(row.getField(features)),
        named < 0 ? Map.of() : floatMap(row.getField(named)),
        target < 0 ? null : number(row.getField(target)));
  }

  private static long millis(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    throw new IllegalArgumentException("not an event time: " + v);
  }

  private static List<Float> floats(Object v) {
    if (v instanceof float[] p) {
      List<Float> out = new ArrayList<>(p.length);
      for (float x : p) {
        out.add(x);
      }
      return out;
    }
    if (!(v instanceof Object[] a)) {
      return List.of();
    }
    List<Float> out = new ArrayList<>(a.length);
    for (Object x : a) {
      Float f = number(x);
      out.add(f == null ? Float.NaN : f);
    }
    return out;
  }

  private static Map<String, Float> floatMap(Object v) {
    if (!(v instanceof Map<?, ?> m)) {
      return Map.of();
    }
    Map<String, Float> out = new HashMap<>(m.size() * 2);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (e.getKey() != null) {
        Float f = number(e.getValue());
        out.put(e.getKey().toString(), f == null ? Float.NaN : f);
      }
    }
    return out;
  }

  private static Float number(Object v) {
    return v instanceof Number n ? n.floatValue() : null;
  }
}
