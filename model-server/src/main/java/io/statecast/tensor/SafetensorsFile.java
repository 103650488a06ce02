package io.statecast.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file: its tensors in data-offset order (the order they are stored
 * in) and the free-form string metadata of its {@code __metadata__} entry (empty when it has none).
 * Both maps are unmodifiable copies.
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

  /** Copies both maps, keeping their order. */
  public SafetensorsFile {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
