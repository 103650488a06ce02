package io.statecast.cell.fast;

/**
 * The buffers of one stepping thread, sized for a number of rows and grown (never shrunk) when a
 * larger batch comes, so that a step allocates nothing once the largest batch has been seen.
 */
final class Workspace {

  /** Rows the buffers hold. */
  final int capacity;

  /** Packed {@code [u | h]} of the layer being stepped, {@code (⌈rows⌉₆, max K)}. */
  final float[] gateInput;

  /** Packed input of the projection ({@code m}) or of the head ({@code [y | window]}). */
  final float[] denseInput;

  /** {@code y} of the last layer stepped, {@code (rows, R)}. */
  final float[] y;

  /** {@code Σ h_j} of the dense connection, {@code (rows, R)}, or empty. */
  final float[] sum;

  /** Highway pre-activations {@code (rows, R)}, or empty. */
  final float[] carry;

  /** LSTMP {@code m = o ⊙ tanh(c')} before the projection, {@code (rows, mStride)}, or empty. */
  final float[] m;

  /** The thin products {@code p} of a low-rank layer, row-major {@code (rows, 2K)}, or empty. */
  final float[] lowRankRows;

  /** The same, packed as the gates' input, or empty. */
  final float[] lowRankInput;

  /** A window stack's backward cell {@code c^b (rows, H)}, or empty. */
  final float[] spanCell;

  /** A window stack's backward outputs {@code h^b_i (rows, W, H)}, oldest position first. */
  final float[] spanHidden;

  /** A window stack's attention scores {@code e_i (W)}, one row at a time, or empty. */
  final float[] spanScores;

  /** A window stack's pooled {@code p (rows, 2H)}, layer 1's input, or empty. */
  final float[] pooled;

  /** Two micro-kernel tiles and the gate layer's stage ({@link GateLayer#SCRATCH}). */
  final float[] scratch = new float[GateLayer.SCRATCH];

  Workspace(int capacity, Shapes s) {
    this.capacity = capacity;
    int padded = Packing.paddedRows(capacity);
    this.gateInput = new float[padded * s.gateColumns()];
    this.denseInput = new float[padded * s.denseColumns()];
    this.y = new float[capacity * s.outputSize()];
    this.sum = new float[s.dense() ? capacity * s.outputSize() : 0];
    this.carry = new float[s.highway() ? capacity * s.outputSize() : 0];
    this.m = new float[capacity * s.mStride()];
    this.lowRankRows = new float[capacity * s.lowRankColumns()];
    this.lowRankInput = new float[padded * s.lowRankColumns()];
    int h = s.span() == 0 ? 0 : s.outputSize();
    this.spanCell = new float[capacity * h];
    this.spanHidden = new float[capacity * s.span() * h];
    this.spanScores = new float[s.span()];
    this.pooled = new float[capacity * 2 * h];
  }

  /**
   * The sizes buffers are made for.
   *
   * @param gateColumns the widest {@code K = in + R} of the layers
   * @param denseColumns the widest packed input of a projection or the head
   * @param outputSize {@code R}
   * @param mStride row stride of {@code m} ({@code H} rounded up to vectors; 0 without projection)
   * @param dense whether the stack has dense connections
   * @param highway whether the stack has highway connections
   * @param lowRankColumns the widest thin product of a low-rank layer (0 without)
   * @param span the window {@code W} of a window stack (0 without; then {@code R = H})
   */
  record Shapes(
      int gateColumns,
      int denseColumns,
      int outputSize,
      int mStride,
      boolean dense,
      boolean highway,
      int lowRankColumns,
      int span) {

    /** Shapes without a window. */
    Shapes(
        int gateColumns,
        int denseColumns,
        int outputSize,
        int mStride,
        boolean dense,
        boolean highway,
        int lowRankColumns) {
      this(gateColumns, denseColumns, outputSize, mStride, dense, highway, lowRankColumns, 0);
    }

    /** Shapes without low-rank layers. */
    Shapes(
        int gateColumns,
        int denseColumns,
        int outputSize,
        int mStride,
        boolean dense,
        boolean highway) {
      this(gateColumns, denseColumns, outputSize, mStride, dense, highway, 0);
    }
  }
}
