package io.statecast.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.statecast.model.EmbeddingSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.WeightNames;
import java.util.List;
import java.util.Map;

/**
 * The embedding lookup of training, inside the autograd graph: encoded rows {@code [f (F) | v_0 …
 * v_{M−1}]} (numeric features, then each embedding's code, {@link KeyData}) become the model input
 * {@code x = [f | E_0[v_0] | … | E_{M−1}[v_{M−1}]]}, the same {@code x} serving's encoder writes.
 * The lookup is a one-hot product, {@code E[v] = onehot(v) · E}, so the gradient of the loss with
 * respect to the table is {@code onehot(v)ᵀ · ∂L/∂x_e}: each row receives the gradient of the steps
 * whose category it is.
 */
final class EmbeddedInputs {

  private EmbeddedInputs() {}

  /**
   * The model input of encoded rows {@code raw (…, F + M)}: {@code (…, I)}, or {@code raw} itself
   * when the model has no embeddings.
   *
   * @param params the model's weights by name (leaves recording gradients, or detached)
   */
  static NDArray expand(NDArray raw, ModelSpec spec, Map<String, NDArray> params) {
    List<EmbeddingSpec> embeddings = spec.inputs().embeddings();
    if (embeddings.isEmpty()) {
      return raw;
    }
    int f = spec.inputs().features().size();
    Shape shape = raw.getShape();
    long rows = shape.size() / shape.tail();
    NDArray flat = raw.reshape(rows, f + embeddings.size()); // (N, F + M)
    NDList parts = new NDList(embeddings.size() + 1);
    parts.add(flat.get(new NDIndex(":, 0:{}", f))); // (N, F)
    for (int e = 0; e < embeddings.size(); e++) {
      EmbeddingSpec s = embeddings.get(e);
      NDArray codes = flat.get(new NDIndex(":, {}", f + e)).toType(DataType.INT64, false); // (N)
      NDArray oneHot = codes.oneHot(s.rows()); // (N, V + 1)
      parts.add(oneHot.matMul(params.get(WeightNames.embedding(s.name())))); // (N, dim)
    }
    NDArray x = NDArrays.concat(parts, 1); // (N, I)
    long[] dims = shape.getShape();
    dims[dims.length - 1] = spec.inputSize();
    return x.reshape(new Shape(dims));
  }
}
