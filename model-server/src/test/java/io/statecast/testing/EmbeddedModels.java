package io.statecast.testing;

import io.statecast.model.CellSpec;
import io.statecast.model.EmbeddingSource;
import io.statecast.model.EmbeddingSpec;
import io.statecast.model.FeatureKind;
import io.statecast.model.FeatureSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.model.StackSpec;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small model with a key, a day-of-week and a column embedding. */
public final class EmbeddedModels {

  private EmbeddedModels() {}

  /** x = [value | E_key (3 + 1, 2) | E_dow (7 + 1, 1) | E_line (2 + 1, 2)], I = 1 + 2 + 1 + 2. */
  public static ModelSpec spec() {
    return new ModelSpec(
        null,
        "emb",
        1,
        null,
        new InputSpec(
            List.of(new FeatureSpec("value", FeatureKind.TARGET, 0, 10.0, 2.0)),
            null,
            List.of(
                new EmbeddingSpec("key", EmbeddingSource.KEY, 0, List.of("a", "b", "c"), 2),
                new EmbeddingSpec(
                    "day_of_week",
                    EmbeddingSource.DAY_OF_WEEK,
                    0,
                    List.of(
                        "MONDAY",
                        "TUESDAY",
                        "WEDNESDAY",
                        "THURSDAY",
                        "FRIDAY",
                        "SATURDAY",
                        "SUNDAY"),
                    1),
                new EmbeddingSpec("line", EmbeddingSource.COLUMN, 1, List.of("3", "7"), 2))),
        CellSpec.fused(4),
        new StackSpec(1, null),
        new HeadSpec(2, 0, 0));
  }

  /** Weights whose table entries are {@code 100·table + 10·row + column}, easy to check by hand. */
  public static ModelWeights weights() {
    ModelSpec spec = spec();
    Map<String, Tensor> t = new LinkedHashMap<>(RandomWeights.of(spec, 1).tensors());
    int table = 0;
    for (EmbeddingSpec e : spec.inputs().embeddings()) {
      double[] d = new double[e.rows() * e.dim()];
      for (int r = 0; r < e.rows(); r++) {
        for (int j = 0; j < e.dim(); j++) {
          d[r * e.dim() + j] = 100 * table + 10 * r + j;
        }
      }
      t.put(
          WeightNames.embedding(e.name()),
          Tensor.ofDoubles(new int[] {e.rows(), e.dim()}, d).as(Tensor.DType.FLOAT32));
      table++;
    }
    return ModelWeights.bind(spec, t, "test");
  }
}
