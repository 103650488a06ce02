package io.statecast.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The model's input vector {@code x} of size {@code I}: one {@link FeatureSpec} per position, then
 * the vectors of the {@link EmbeddingSpec}s in order; the cadence of the data it was made for,
 * which the calendar and gap features read; and the holiday calendar the {@link
 * FeatureKind#HOLIDAYS} features read.
 *
 * <pre>
 * x = [f_0 … f_{F−1} | E_0[v_0(o)] (dim_0) | … | E_{M−1}[v_{M−1}(o)] (dim_{M−1})],  I = F + Σ dim_e
 * </pre>
 *
 * @param features the numeric features in input order
 * @param cadence the data's cadence; a model written without one is {@link Cadence#DAILY}
 * @param embeddings categorical inputs, looked up before the cell (none when left out)
 * @param holidays the ISO 3166 code of the public holiday calendar ({@code US}, {@code DE-BW}), or
 *     null for none (then no feature may be of kind {@link FeatureKind#HOLIDAYS})
 */
public record InputSpec(
    List<FeatureSpec> features,
    Cadence cadence,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EmbeddingSpec> embeddings,
    @JsonInclude(JsonInclude.Include.NON_NULL) String holidays) {

  public InputSpec {
    if (features == null || features.isEmpty()) {
      throw new IllegalArgumentException("inputs.features must list at least one feature");
    }
    features = List.copyOf(features);
    Set<String> names = new HashSet<>();
    for (FeatureSpec f : features) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("input feature '" + f.name() + "' is listed twice");
      }
    }
    if (cadence == null) {
      cadence = Cadence.DAILY;
    }
    embeddings = embeddings == null ? List.of() : List.copyOf(embeddings);
    Set<String> tables = new HashSet<>();
    for (EmbeddingSpec e : embeddings) {
      if (!tables.add(e.name())) {
        throw new IllegalArgumentException("embedding '" + e.name() + "' is listed twice");
      }
    }
    if (holidays == null && features.stream().anyMatch(f -> f.kind() == FeatureKind.HOLIDAYS)) {
      throw new IllegalArgumentException(
          "inputs has holiday features but no holiday calendar (inputs.holidays)");
    }
  }

  /** Numeric features at {@code cadence} and embeddings, without a holiday calendar. */
  public InputSpec(List<FeatureSpec> features, Cadence cadence, List<EmbeddingSpec> embeddings) {
    this(features, cadence, embeddings, null);
  }

  /** Numeric features at {@code cadence} with the holiday calendar {@code holidays}. */
  public InputSpec(List<FeatureSpec> features, Cadence cadence, String holidays) {
    this(features, cadence, List.of(), holidays);
  }

  /** Numeric features at {@code cadence}, no embeddings, no holiday calendar. */
  public InputSpec(List<FeatureSpec> features, Cadence cadence) {
    this(features, cadence, List.of(), null);
  }

  /** Features of daily data. */
  public InputSpec(List<FeatureSpec> features) {
    this(features, Cadence.DAILY);
  }

  /** {@code size} raw, unscaled features {@code Observation.features[0..size-1]}. */
  public static InputSpec raw(int size) {
    List<FeatureSpec> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(FeatureSpec.raw(i));
    }
    return new InputSpec(list);
  }

  /** The input size {@code I}: the numeric features and every embedding's vector. */
  public int size() {
    return features.size() + embeddingWidth();
  }

  /** {@code Σ dim} of the embeddings: how much they add to the input. */
  @JsonIgnore
  public int embeddingWidth() {
    return embeddings.stream().mapToInt(EmbeddingSpec::dim).sum();
  }
}
