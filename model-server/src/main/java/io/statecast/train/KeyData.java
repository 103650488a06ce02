package io.statecast.train;

/**
 * One key's training part encoded for the network, time-major per key.
 *
 * <pre>
 * x (n, F + M)  the encoded observations: the numeric features exactly as serving encodes them,
 *               then each embedding's code (serving looks the codes up before the cell)
 * z (n)      the normalised target, z_t = x[t][0]
 * [0, fitEnd)  fit part: training targets;  [fitEnd, n)  validation targets
 * </pre>
 *
 * @param key the entity
 * @param x inputs, row-major {@code (n, F + M)}
 * @param z normalised targets {@code (n)}
 * @param fitEnd first validation position
 * @param weight the weight of the key's errors in the training and validation losses ({@link
 *     KeyWeights}); 1 for equal weights
 */
record KeyData(String key, float[] x, float[] z, int fitEnd, double weight) {

  /** The same key with its errors weighted by {@code w}. */
  KeyData withWeight(double w) {
    return new KeyData(key, x, z, fitEnd, w);
  }

  /** Number of observations {@code n} of the training part. */
  int size() {
    return z.length;
  }
}
