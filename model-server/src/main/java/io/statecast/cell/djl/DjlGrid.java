package io.statecast.cell.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.statecast.model.CellSpec;
import java.util.List;

/**
 * The blocks of a 2-D Grid LSTM stack as batched DJL operations (equations in {@link
 * io.statecast.cell.reference.ReferenceGrid}): in block {@code k}, the time cell and the depth cell
 * are each a {@link DjlCell} step over the same {@code [u_k, h^t_k(t-1)]}; the time cell's {@code
 * (h^t, m^t)} is the layer's state, the depth cell's {@code (h^d, m^d)} goes up to block {@code
 * k+1}, starting from {@code (x, 0)}. No in-place operation, so training records it as it is.
 */
final class DjlGrid {

  private DjlGrid() {}

  /**
   * Steps every block once; the time cells' results are appended to the lists.
   *
   * @param time each block's time cell
   * @param depth each block's depth cell
   * @param x the input {@code (B, I)}
   * @param h each block's {@code h^t (B, H)}
   * @param c each block's {@code m^t (B, H)}
   * @param hs receives each block's new {@code h^t}
   * @param cs receives each block's new {@code m^t}
   * @param is receives each time cell's input gate
   * @param fs receives each time cell's forget gate
   * @return the top block's {@code h^d_{L-1} (B, H)}
   */
  static NDArray step(
      CellSpec cell,
      List<DjlLayerParams> time,
      List<DjlLayerParams> depth,
      NDArray x,
      NDList h,
      NDList c,
      NDList hs,
      NDList cs,
      NDList is,
      NDList fs) {
    NDArray hd = x; // h^d_{k-1}
    NDArray md = x.getManager().zeros(new Shape(x.getShape().get(0), cell.hidden())); // m^d_{k-1}
    for (int k = 0; k < time.size(); k++) {
      NDList t = DjlCell.step(cell, time.get(k), hd, h.get(k), c.get(k), null);
      NDList d = DjlCell.step(cell, depth.get(k), hd, h.get(k), md, null);
      hs.add(t.get(0));
      cs.add(t.get(1));
      is.add(t.get(2));
      fs.add(t.get(3));
      hd = d.get(0);
      md = d.get(1);
    }
    return hd;
  }
}
