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
 */
record KeyData(String key, float[] x, float[] z, int fitEnd) {

  /** Number of observations {@code n} of the training part. */
  int size() {
    return z.length;
  }
}
