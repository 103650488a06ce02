package io.statecast.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the registry knows about one model, as stored in {@code <id>/registry.json}: its versions,
 * the serving version and the history of promotions. Immutable; changes make new records.
 *
 * @param id the model id
 * @param serving the version currently promoted, or null when none has been
 * @param versions every version ever added, by ascending number (retired ones included)
 * @param promotions every promotion, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRecord(
    String id, Integer serving, List<VersionRecord> versions, List<Promotion> promotions) {

  public ModelRecord {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a model record needs an id");
    }
    versions =
        versions == null
            ? List.of()
            : versions.stream().sorted(Comparator.comparingInt(VersionRecord::version)).toList();
    promotions = promotions == null ? List.of() : List.copyOf(promotions);
  }

  /** A model with no versions yet. */
  static ModelRecord empty(String id) {
    return new ModelRecord(id, null, List.of(), List.of());
  }

  /** The version, if the model has it. */
  public Optional<VersionRecord> version(int version) {
    return versions.stream().filter(v -> v.version() == version).findFirst();
  }

  ModelRecord withVersion(VersionRecord v) {
    List<VersionRecord> list = new ArrayList<>(versions);
    list.removeIf(old -> old.version() == v.version());
    list.add(v);
    return new ModelRecord(id, serving, list, promotions);
  }

  ModelRecord withPromotion(Promotion p) {
    List<Promotion> list = new ArrayList<>(promotions);
    list.add(p);
    return new ModelRecord(id, p.version(), versions, list);
  }
}
