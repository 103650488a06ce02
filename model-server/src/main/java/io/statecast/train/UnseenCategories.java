package io.statecast.train;

import io.statecast.model.EmbeddingSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.WeightNames;
import io.statecast.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every embedding row that training never read the mean of the rows it did read: the shared
 * unknown row {@code V} (no training step has an unknown category) and the rows of categories that
 * occur only outside the fit parts (a key too short to train on). A key first met in serving then
 * starts from the average known key rather than from its random initial vector.
 */
final class UnseenCategories {

  private UnseenCategories() {}

  /** {@code weights} with the unread rows of every table replaced by the mean of the read ones. */
  static ModelWeights fill(ModelWeights weights, TrainingData data) {
    List<EmbeddingSpec> embeddings = weights.spec().inputs().embeddings();
    if (embeddings.isEmpty()) {
      return weights;
    }
    int f = weights.spec().inputs().features().size();
    int width = data.inputs();
    Map<String, Tensor> tensors = new LinkedHashMap<>(weights.tensors());
    for (int e = 0; e < embeddings.size(); e++) {
      EmbeddingSpec s = embeddings.get(e);
      boolean[] read = new boolean[s.rows()];
      for (KeyData k : data.keys()) {
        for (int t = 0; t < k.fitEnd(); t++) {
          read[(int) k.x()[t * width + f + e]] = true;
        }
      }
      String name = WeightNames.embedding(s.name());
      tensors.put(name, filled(tensors.get(name), read, s.dim()));
    }
    return ModelWeights.bind(weights.spec(), tensors, "trained weights");
  }

  private static Tensor filled(Tensor table, boolean[] read, int dim) {
    double[] d = table.data().clone(); // (V + 1, dim)
    double[] mean = new double[dim];
    int n = 0;
    for (int r = 0; r < read.length; r++) {
      if (read[r]) {
        n++;
        for (int j = 0; j < dim; j++) {
          mean[j] += d[r * dim + j];
        }
      }
    }
    for (int r = 0; r < read.length && n > 0; r++) {
      if (!read[r]) {
        for (int j = 0; j < dim; j++) {
          d[r * dim + j] = (float) (mean[j] / n);
        }
      }
    }
    return new Tensor(table.dtype(), table.shape(), d);
  }
}
