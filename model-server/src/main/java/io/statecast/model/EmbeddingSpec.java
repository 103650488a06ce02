package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A categorical input through a learned embedding (Bengio et al. 2003; Guo and Berkhahn 2016 for
 * entity embeddings of tabular data): the category {@code c} of an observation is looked up in the
 * table {@code E (V + 1, dim)}, weight {@code embedding_<name>}, and the row {@code E[v(c)]} is
 * appended to the model input, where {@code v(c)} is the category's position in {@code vocabulary}
 * and {@code V} for every category not in it (one shared "unknown" row: a key that was never seen
 * in training, a column value that never occurred).
 *
 * @param name names the weight {@code embedding_<name>}; letters, digits and {@code _}
 * @param source where the category comes from
 * @param index the position in {@code Observation.features} for {@link EmbeddingSource#COLUMN}, 0
 *     for the others
 * @param vocabulary the known categories, in table order (distinct)
 * @param dim the size of the embedding vector
 */
public record EmbeddingSpec(
    String name,
    EmbeddingSource source,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) int index,
    List<String> vocabulary,
    int dim) {

  /** Vector sizes above which no sane model is served (a guard against typos). */
  public static final int MAX_DIM = 1024;

  public EmbeddingSpec {
    if (name == null || !name.matches("[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException(
          "an embedding's name must be 1-64 letters, digits or '_', got "
              + (name == null ? "none" : "'" + name + "'"));
    }
    if (source == null) {
      throw new IllegalArgumentException("embedding '" + name + "' needs a source");
    }
    if (index < 0 || (index > 0 && source != EmbeddingSource.COLUMN)) {
      throw new IllegalArgumentException(
          "embedding '" + name + "': index " + index + " is only for a column source (≥ 0)");
    }
    if (dim < 1 || dim > MAX_DIM) {
      throw new IllegalArgumentException(
          "embedding '" + name + "': dim must be between 1 and " + MAX_DIM + ", got " + dim);
    }
    if (vocabulary != null && vocabulary.stream().anyMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException("embedding '" + name + "': the vocabulary lists a null");
    }
    vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
    Set<String> seen = new HashSet<>();
    for (String v : vocabulary) {
      if (!seen.add(v)) {
        throw new IllegalArgumentException(
            "embedding '" + name + "': '" + v + "' is listed twice in its vocabulary");
      }
    }
  }

  /** Rows of the table: the vocabulary and the unknown row, {@code V + 1}. */
  public int rows() {
    return vocabulary.size() + 1;
  }
}
