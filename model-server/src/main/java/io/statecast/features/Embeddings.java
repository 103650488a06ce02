package io.statecast.features;

import io.statecast.avro.ErrorKind;
import io.statecast.avro.Observation;
import io.statecast.model.EmbeddingSource;
import io.statecast.model.EmbeddingSpec;
import io.statecast.model.ModelWeights;
import io.statecast.tensor.Tensor;
import java.time.DayOfWeek;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The categorical inputs of a model ({@link EmbeddingSpec}): the category of an observation, its
 * code {@code v(c)} (its position in the vocabulary, or {@code V} for a category not in it, the
 * shared unknown row), and the looked-up vector {@code E[v(c)] (dim)}.
 *
 * <p>Serving and evaluation write the vectors into {@code x}; training writes the codes instead and
 * looks them up inside its autograd graph, so that the gradient reaches the tables. A key
 * embedding's category is {@code Observation.key} (a null key is unknown); a day-of-week
 * embedding's is the UTC day of the event time ({@code MONDAY} … {@code SUNDAY}); a column
 * embedding's is the decimal form of {@code Observation.features[index]} ({@link #category}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Embeddings {

  private final List<EmbeddingSpec> specs;
  private final List<Map<String, Integer>> codes;
  private final float[][] tables; // per embedding, (V + 1, dim) row-major; null: codes only
  private final int width;
  private final int requiredPositional;

  private Embeddings(List<EmbeddingSpec> specs, float[][] tables) {
    this.specs = specs;
    this.tables = tables;
    this.codes =
        specs.stream()
            .map(
                s -> {
                  Map<String, Integer> m = new HashMap<>();
                  for (int v = 0; v < s.vocabulary().size(); v++) {
                    m.put(s.vocabulary().get(v), v);
                  }
                  return java.util.Collections.unmodifiableMap(m); // get(null) is null
                })
            .toList();
    this.width = specs.stream().mapToInt(EmbeddingSpec::dim).sum();
    this.requiredPositional =
        specs.stream()
            .filter(s -> s.source() == EmbeddingSource.COLUMN)
            .mapToInt(s -> s.index() + 1)
            .max()
            .orElse(0);
  }

  /** The embeddings of {@code specs} without their tables: codes only (training). */
  public static Embeddings codesOnly(List<EmbeddingSpec> specs) {
    return new Embeddings(List.copyOf(specs), null);
  }

  /** The embeddings of a model with their tables. */
  public static Embeddings of(ModelWeights weights) {
    List<EmbeddingSpec> specs = weights.spec().inputs().embeddings();
    float[][] tables = new float[specs.size()][];
    for (int e = 0; e < specs.size(); e++) {
      Tensor t = weights.embedding(specs.get(e).name());
      tables[e] = t.toFloatArray(); // (V + 1, dim), shape checked by ModelWeights
    }
    return new Embeddings(specs, tables);
  }

  /** How many embeddings {@code M}. */
  public int count() {
    return specs.size();
  }

  /** {@code Σ dim}: the width of the looked-up vectors. */
  public int width() {
    return width;
  }

  /** How many positional features an observation must carry for the column embeddings. */
  int requiredFeatureCount() {
    return requiredPositional;
  }

  /** Whether the tables are here, so {@link #vectors} can look them up. */
  public boolean hasTables() {
    return tables != null || specs.isEmpty();
  }

  /** The code {@code v(c) ∈ [0, V]} of embedding {@code e}'s category of {@code o}. */
  public int code(int e, Observation o) {
    Integer v = codes.get(e).get(category(specs.get(e), o));
    return v == null ? specs.get(e).vocabulary().size() : v;
  }

  /** Writes every embedding's code (as a float, exact below 2^24) into {@code x[at … at + M)}. */
  public void codes(Observation o, float[] x, int at) {
    for (int e = 0; e < specs.size(); e++) {
      x[at + e] = code(e, o);
    }
  }

  /**
   * Writes the looked-up vectors {@code E_0[v_0] | … | E_{M−1}[v_{M−1}]} into {@code x[at … at + Σ
   * dim)}.
   *
   * @throws IllegalStateException when the tables are not here ({@link #codesOnly})
   */
  public void vectors(Observation o, float[] x, int at) {
    if (!hasTables()) {
      throw new IllegalStateException(
          "this encoder has the embeddings' vocabularies but not their tables; build it from the"
              + " model's weights");
    }
    int to = at;
    for (int e = 0; e < specs.size(); e++) {
      int dim = specs.get(e).dim();
      System.arraycopy(tables[e], code(e, o) * dim, x, to, dim);
      to += dim;
    }
  }

  /**
   * The category of {@code o} for {@code spec}: the key (null for none), the day of the week's
   * name, or the column value's decimal form: an integral value without a fraction ({@code "3"}),
   * any other as {@link Float#toString} writes it.
   */
  public static String category(EmbeddingSpec spec, Observation o) {
    return switch (spec.source()) {
      case KEY -> o.getKey();
      case DAY_OF_WEEK -> dayOfWeek(o.getEventTime()).name();
      case COLUMN -> columnCategory(o.getFeatures().get(spec.index()));
    };
  }

  /** The category name of a column value. */
  public static String columnCategory(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Float.toString(v);
  }

  /** The UTC day of the week of an epoch-millisecond time. */
  public static DayOfWeek dayOfWeek(long epochMillis) {
    return DayOfWeek.of(FeatureEncoder.dayOfWeek(epochMillis) + 1);
  }

  /** Checks that {@code o} carries what the column embeddings read. */
  void check(Observation o) throws InvalidObservationException {
    if (o.getFeatures().size() < requiredPositional) {
      throw new InvalidObservationException(
          ErrorKind.WRONG_FEATURE_COUNT,
          "the model's embeddings read "
              + requiredPositional
              + " positional features, the observation has "
              + o.getFeatures().size());
    }
  }
}
