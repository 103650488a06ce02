package io.statecast.cell.fast;

import static io.statecast.cell.fast.Micro.NR;

import io.statecast.tensor.Tensor;

/**
 * A weight matrix packed for {@link Micro#tile}: {@code W (K, N)} cut into panels of {@link
 * Micro#NR} columns, each stored {@code [k][NR]} so that one step of the micro-kernel reads two
 * consecutive vectors; columns past {@code N} are zero. With the bias {@code (N)} padded the same
 * way. Built once per model, in double precision, then rounded to float.
 */
public final class Panels {

  /** The value of the logical matrix {@code W (K, N)} at column {@code col}, row {@code k}. */
  @FunctionalInterface
  public interface Entry {
    double at(int col, int k);
  }

  /** The bias of column {@code col}. */
  @FunctionalInterface
  public interface Bias {
    double at(int col);
  }

  /** Inner dimension {@code K}. */
  final int k;

  /** Logical output columns {@code N}. */
  final int n;

  /** Number of panels, {@code ⌈N / NR⌉}. */
  public final int count;

  /** {@code [panel][k][NR]}. */
  public final float[] w;

  /** {@code [panel][NR]}. */
  final float[] bias;

  private Panels(int k, int n, float[] w, float[] bias) {
    this.k = k;
    this.n = n;
    this.count = (n + NR - 1) / NR;
    this.w = w;
    this.bias = bias;
  }

  /** Packs {@code W (K, N)} given entry by entry. */
  public static Panels of(int k, int n, Entry entry, Bias bias) {
    int count = (n + NR - 1) / NR;
    float[] w = new float[count * k * NR];
    float[] b = new float[count * NR];
    for (int col = 0; col < n; col++) {
      int p = col / NR;
      int j = col % NR;
      for (int kk = 0; kk < k; kk++) {
        w[(p * k + kk) * NR + j] = (float) entry.at(col, kk);
      }
      b[col] = bias == null ? 0f : (float) bias.at(col);
    }
    return new Panels(k, n, w, b);
  }

  /**
   * Packs a PyTorch linear layer, {@code y = x · Wᵀ + b} with {@code W (N, K)}.
   *
   * @param weight {@code (N, K)}
   * @param bias {@code (N)} or null
   */
  static Panels linear(Tensor weight, Tensor bias) {
    int n = weight.dim(0);
    int k = weight.dim(1);
    double[] w = weight.data();
    double[] b = bias == null ? null : bias.data();
    return of(k, n, (col, kk) -> w[col * k + kk], b == null ? null : col -> b[col]);
  }

  /** Offset of panel {@code p}'s first row. */
  public int offset(int p) {
    return p * k * NR;
  }
}
