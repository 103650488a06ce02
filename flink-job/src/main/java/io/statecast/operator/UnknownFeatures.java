package io.statecast.operator;

import io.statecast.avro.Observation;
import io.statecast.batch.ServingModel;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named features ({@code Observation.named}) that the served model does not read are ignored, not
 * refused: a producer may send more columns than one model uses. They are never silent either: each
 * such event is counted ({@code eventsWithUnknownFeatures}) and each unknown name is logged once
 * per subtask (the first {@value #MAX_LOGGED} names).
 */
final class UnknownFeatures {

  private static final Logger LOG = LoggerFactory.getLogger(UnknownFeatures.class);
  static final int MAX_LOGGED = 100;

  private final Counter events;
  private final Set<String> logged = new HashSet<>();
  private ServingModel namesOf;
  private Set<String> known = Set.of();

  UnknownFeatures(Counter events) {
    this.events = events;
  }

  /** Counts {@code o} if it names a feature {@code model} does not read. */
  void check(Observation o, ServingModel model) {
    Map<String, Float> named = o.getNamed();
    if (named == null || named.isEmpty()) {
      return;
    }
    if (model != namesOf) {
      known = namedFeatures(model);
      namesOf = model;
    }
    boolean unknown = false;
    for (String name : named.keySet()) {
      if (!known.contains(name)) {
        unknown = true;
        if (logged.size() < MAX_LOGGED && logged.add(name)) {
          LOG.warn(
              "named feature '{}' (key '{}') is not read by model {} v{}: ignored; counted in"
                  + " eventsWithUnknownFeatures",
              name,
              o.getKey(),
              model.id(),
              model.version());
        }
      }
    }
    if (unknown) {
      events.inc();
    }
  }

  private static Set<String> namedFeatures(ServingModel model) {
    Set<String> names = new HashSet<>();
    for (FeatureSpec f : model.spec().inputs().features()) {
      if (f.kind() == FeatureKind.NAMED) {
        names.add(f.name());
      }
    }
    return names;
  }
}
