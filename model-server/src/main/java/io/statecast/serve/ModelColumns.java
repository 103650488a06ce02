package io.statecast.serve;

import io.statecast.avro.Observation;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw values a model reads from an observation, as the columns {@code F} of the stateless
 * inference tensor {@code observations [N, T, F]}: one column per distinct source (a positional
 * feature, a named feature, the target), in the order of the model's inputs. Features computed from
 * the event time (calendar, gap) are not columns; they come from the {@code event_time} tensor.
 *
 * <p>A row of the tensor becomes an {@link Observation}, so that the {@link
 * io.statecast.features.FeatureEncoder} turns it into model inputs exactly as it does for the
 * stream: one contract, whatever the entry point.
 */
final class ModelColumns {

  /** One column: where its value goes in an observation. */
  record Column(String name, FeatureKind kind, int index) {}

  private final List<Column> columns;
  private final int positional;
  private final boolean needsTime;

  private ModelColumns(List<Column> columns, int positional, boolean needsTime) {
    this.columns = columns;
    this.positional = positional;
    this.needsTime = needsTime;
  }

  static ModelColumns of(ModelSpec spec) {
    List<Column> columns = new ArrayList<>();
    Set<String> sources = new LinkedHashSet<>();
    int positional = 0;
    boolean needsTime = false;
    for (FeatureSpec f : spec.inputs().features()) {
      switch (f.kind()) {
        case FEATURE -> {
          positional = Math.max(positional, f.index() + 1);
          if (sources.add("feature:" + f.index())) {
            columns.add(new Column(f.name(), f.kind(), f.index()));
          }
        }
        case NAMED, TARGET -> {
          if (sources.add(f.kind() + ":" + f.name())) {
            columns.add(new Column(f.name(), f.kind(), 0));
          }
        }
        default -> needsTime = true;
      }
    }
    return new ModelColumns(List.copyOf(columns), positional, needsTime);
  }

  /** The columns, in order. */
  List<Column> columns() {
    return columns;
  }

  /** {@code F}. */
  int size() {
    return columns.size();
  }

  /** Column names, in order. */
  List<String> names() {
    return columns.stream().map(Column::name).toList();
  }

  /** Whether the model reads features of the event time (calendar or gap). */
  boolean needsTime() {
    return needsTime;
  }

  /** The observation of one row {@code values[offset … offset + F)}. */
  Observation observation(String key, long eventTime, float[] values, int offset) {
    List<Float> features = new ArrayList<>(Collections.nCopies(positional, 0f));
    Map<String, Float> named = new HashMap<>();
    Float target = null;
    for (int j = 0; j < columns.size(); j++) {
      Column c = columns.get(j);
      float v = values[offset + j];
      switch (c.kind()) {
        case FEATURE -> features.set(c.index(), v);
        case NAMED -> named.put(c.name(), v);
        case TARGET -> target = v;
        default -> throw new IllegalStateException("not a column kind: " + c.kind());
      }
    }
    return Observation.newBuilder()
        .setKey(key)
        .setEventTime(eventTime)
        .setFeatures(features)
        .setNamed(named)
        .setTarget(target)
        .build();
  }
}
