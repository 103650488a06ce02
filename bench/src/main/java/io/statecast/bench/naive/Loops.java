package io.statecast.bench.naive;

import io.statecast.tensor.Tensor;

/** How the unfused cells compute their matrix products. */
public enum Loops {
  /** {@link PlainProduct}: the loop anyone writes first, no packing, no explicit vectors. */
  PLAIN,
  /** {@link TiledProduct}: the fast kernel's packing and register-tiled micro-kernel. */
  TILED;

  /** {@code W (n, k)} as a product of this kind. */
  public Product product(int n, int k, Product.Entry w) {
    return this == PLAIN ? new PlainProduct(n, k, w) : new TiledProduct(n, k, w);
  }

  /** Rows {@code [row0, row0 + rows)} of a matrix tensor {@code (·, k)} as a product. */
  Product rows(Tensor w, int row0, int rows) {
    int k = w.dim(1);
    double[] d = w.data();
    return product(rows, k, (r, j) -> d[(row0 + r) * k + j]);
  }
}
