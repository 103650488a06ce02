package io.statecast.wire;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer schemas one reader knows, by fingerprint, each with its verdict: a writer the reader
 * cannot resolve is judged once, when it is added, and its explanation kept. Immutable.
 */
final class KnownWriters {

  private static final Logger LOG = LoggerFactory.getLogger(KnownWriters.class);

  private final Schema reader;
  private final Map<Long, Schema> writers;
  private final Map<Long, String> incompatibilities;

  private KnownWriters(
      Schema reader, Map<Long, Schema> writers, Map<Long, String> incompatibilities) {
    this.reader = reader;
    this.writers = Map.copyOf(writers);
    this.incompatibilities = Map.copyOf(incompatibilities);
  }

  /** Knowing only the reader's own schema as a writer. */
  static KnownWriters of(Schema reader) {
    return new KnownWriters(reader, Map.of(SingleObject.fingerprint(reader), reader), Map.of());
  }

  /** These writers and the given ones; an unresolvable one is logged as a warning. */
  KnownWriters plus(Collection<Schema> more) {
    Map<Long, Schema> known = new LinkedHashMap<>(writers);
    Map<Long, String> refused = new LinkedHashMap<>(incompatibilities);
    for (Schema writer : more) {
      long fp = SingleObject.fingerprint(writer);
      if (known.putIfAbsent(fp, writer) == null) {
        Compatibility.incompatibility(reader, writer, fp)
            .ifPresent(
                why -> {
                  LOG.warn("Registered a writer schema this reader cannot read: {}", why);
                  refused.put(fp, why);
                });
      }
    }
    return new KnownWriters(reader, known, refused);
  }

  /** The writer schema with this fingerprint, or null if unknown. */
  Schema find(long fingerprint) {
    return writers.get(fingerprint);
  }

  /** Why the reader cannot read this known writer, or null if it can (or it is unknown). */
  String incompatibility(long fingerprint) {
    return incompatibilities.get(fingerprint);
  }

  int size() {
    return writers.size();
  }
}
