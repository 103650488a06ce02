package io.statecast.testing.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas of a {@link TestSchemaRegistry}: ids given in order from 1, one id per schema text
 * and type in every subject, and each subject's versions (the ids registered under it, oldest
 * first).
 *
 * <p>Kept apart from the server so that the contents outlive {@link TestSchemaRegistry#goDown()}
 * and can be read without a request. Thread-safe.
 */
final class RegistrySchemaStore {

  /** A schema as registered: its text, unparsed, and its {@code schemaType}. */
  record Entry(String text, String type) {}

  private final Object lock = new Object();
  private final Map<Integer, Entry> byId = new LinkedHashMap<>();
  private final Map<String, Integer> idByKey = new LinkedHashMap<>();
  private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();

  /**
   * Adds {@code text} of {@code type} under {@code subject}, unless the subject has it already.
   *
   * @return its id, the one it had if any subject had it before
   */
  int add(String subject, String text, String type) {
    String key = type + '\n' + text;
    synchronized (lock) {
      Integer id = idByKey.get(key);
      if (id == null) {
        id = byId.size() + 1;
        idByKey.put(key, id);
        byId.put(id, new Entry(text, type));
      }
      List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
      if (!versions.contains(id)) {
        versions.add(id);
      }
      return id;
    }
  }

  /** The schema of {@code id}, if there is one. */
  Optional<Entry> entry(int id) {
    synchronized (lock) {
      return Optional.ofNullable(byId.get(id));
    }
  }

  /** The ids of the versions of {@code subject}, oldest first; empty for an unknown subject. */
  List<Integer> ids(String subject) {
    synchronized (lock) {
      return List.copyOf(subjects.getOrDefault(subject, List.of()));
    }
  }

  /** The version numbers of {@code subject}, 1 to its count; empty for an unknown subject. */
  List<Integer> versions(String subject) {
    List<Integer> numbers = new ArrayList<>();
    synchronized (lock) {
      List<Integer> ids = subjects.get(subject);
      if (ids != null) {
        for (int v = 1; v <= ids.size(); v++) {
          numbers.add(v);
        }
      }
    }
    return numbers;
  }

  /** The subjects, in the order they were first registered. */
  List<String> subjects() {
    synchronized (lock) {
      return List.copyOf(subjects.keySet());
    }
  }
}
