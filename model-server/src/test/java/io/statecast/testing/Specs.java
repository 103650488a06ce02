package io.statecast.testing;

import io.statecast.model.CellSpec;
import io.statecast.model.CellVariant;
import io.statecast.model.CompressionSpec;
import io.statecast.model.Connection;
import io.statecast.model.GateMode;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.InputSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.StackSpec;
import io.statecast.model.WindowSpec;
import java.util.ArrayList;
import java.util.List;

/** Model specs for tests: small, and every combination the engines must agree on. */
public final class Specs {

  private Specs() {}

  /** A small model. */
  public static ModelSpec of(
      CellVariant variant,
      int inputs,
      int hidden,
      int projection,
      int layers,
      Connection connection,
      GateSpec gates,
      HeadSpec head) {
    return new ModelSpec(
        ModelSpec.FORMAT,
        "test",
        1,
        "",
        InputSpec.raw(inputs),
        new CellSpec(variant, hidden, projection, gates),
        new StackSpec(layers, connection),
        head);
  }

  /**
   * Every variant × projection × connection × gate mode, with heads with and without AR; a grid
   * stack without projection only (it refuses one).
   */
  public static List<ModelSpec> everyCombination() {
    List<ModelSpec> specs = new ArrayList<>();
    GateSpec[] gates = {
      GateSpec.STANDARD, new GateSpec(GateMode.SIGMOID, 0.5), new GateSpec(GateMode.HARD, 1.0)
    };
    for (CellVariant v : CellVariant.values()) {
      for (int projection : new int[] {0, 5}) {
        for (Connection c : Connection.values()) {
          if (c == Connection.GRID && projection > 0) {
            continue;
          }
          for (GateSpec g : gates) {
            HeadSpec head =
                c.ordinal() % 2 == 0
                    ? new HeadSpec(3, 4, 1)
                    : new HeadSpec(2, 0, 0, List.of(0.1, 0.5, 0.9), false);
            specs.add(of(v, 6, 9, projection, 3, c, g, head));
          }
        }
      }
    }
    return specs;
  }

  /**
   * Deep stacks, 5 and 7 layers, small: dense with every earlier layer feeding each layer, dense
   * with chosen feeds, residual and highway, with and without a projection.
   */
  public static List<ModelSpec> deepStacks() {
    List<ModelSpec> specs = new ArrayList<>();
    HeadSpec head = new HeadSpec(3, 4, 1);
    for (int layers : new int[] {5, 7}) {
      int projection = layers == 5 ? 0 : 5;
      specs.add(deep(layers, projection, Connection.DENSE, null, head));
      specs.add(deep(layers, projection, Connection.DENSE, chosenFeeds(layers), head));
      specs.add(deep(layers, projection, Connection.RESIDUAL, null, head));
      specs.add(deep(layers, projection, Connection.HIGHWAY, null, head));
    }
    return specs;
  }

  /**
   * Low-rank cells ({@code cell.compression.rank}): factored and dense {@code weight_ih} (a layer
   * input narrower than the rank), a projection with a partial vector block, peepholes, hard and
   * tempered gates, plain, dense and highway connections, and the full rank.
   */
  public static List<ModelSpec> lowRank() {
    ModelSpec[] base = {
      of(CellVariant.FUSED, 6, 9, 0, 3, Connection.PLAIN, GateSpec.STANDARD, new HeadSpec(3, 4, 1)),
      of(
          CellVariant.PEEPHOLE,
          3,
          20,
          13,
          2,
          Connection.HIGHWAY,
          new GateSpec(GateMode.HARD, 1.0),
          new HeadSpec(8, 5, 2)),
      of(
          CellVariant.FUSED,
          16,
          40,
          0,
          2,
          Connection.DENSE,
          new GateSpec(GateMode.SIGMOID, 0.5),
          new HeadSpec(4, 0, 0)),
      of(CellVariant.FUSED, 4, 9, 0, 2, Connection.RESIDUAL, GateSpec.STANDARD, HeadSpec.NONE)
    };
    int[] ranks = {4, 5, 8, 9};
    List<ModelSpec> specs = new ArrayList<>();
    for (int i = 0; i < base.length; i++) {
      CompressionSpec c = new CompressionSpec(0, 0, ranks[i], null);
      specs.add(base[i].withCell(base[i].cell().withCompression(c)));
    }
    return specs;
  }

  /**
   * Feeds that skip: layer 1 reads layer 0, layer {@code k ≥ 2} reads layer 0 and layer {@code k −
   * 1}, and the top layer reads layers 1 and {@code L − 3} too ({@code [0], [0, 1], [0, 2], …}).
   */
  public static List<List<Integer>> chosenFeeds(int layers) {
    List<List<Integer>> feeds = new ArrayList<>();
    for (int k = 1; k < layers; k++) {
      if (k == 1) {
        feeds.add(List.of(0));
      } else if (k == layers - 1) {
        feeds.add(List.of(1, k - 2, k - 1));
      } else {
        feeds.add(List.of(0, k - 1));
      }
    }
    return feeds;
  }

  /** A small deep stack (6 inputs, hidden 9, standard gates). */
  public static ModelSpec deep(
      int layers, int projection, Connection connection, List<List<Integer>> feeds, HeadSpec head) {
    return new ModelSpec(
        ModelSpec.FORMAT,
        "test",
        1,
        "",
        InputSpec.raw(6),
        new CellSpec(CellVariant.FUSED, 9, projection, GateSpec.STANDARD),
        new StackSpec(layers, connection, feeds),
        head);
  }

  /**
   * Window stacks ({@code stack.window}): windows of 2, 3 and 8 events, fused and peephole cells, a
   * partial vector block (H = 20), hard and tempered gates, 2 and 3 layers, point and quantile
   * heads with and without an autoregressive term, and no head.
   */
  public static List<ModelSpec> windowed() {
    return List.of(
        window(CellVariant.FUSED, 6, 9, 2, 4, GateSpec.STANDARD, new HeadSpec(3, 4, 1)),
        window(
            CellVariant.PEEPHOLE,
            3,
            20,
            3,
            3,
            new GateSpec(GateMode.HARD, 1.0),
            new HeadSpec(2, 0, 0, List.of(0.1, 0.5, 0.9), false)),
        window(
            CellVariant.FUSED,
            5,
            8,
            2,
            8,
            new GateSpec(GateMode.SIGMOID, 0.5),
            new HeadSpec(4, 2, 0)),
        window(CellVariant.PEEPHOLE, 4, 6, 2, 2, GateSpec.STANDARD, HeadSpec.NONE));
  }

  /** A small window stack with plain connections. */
  public static ModelSpec window(
      CellVariant variant,
      int inputs,
      int hidden,
      int layers,
      int window,
      GateSpec gates,
      HeadSpec head) {
    return new ModelSpec(
        ModelSpec.FORMAT,
        "test",
        1,
        "",
        InputSpec.raw(inputs),
        new CellSpec(variant, hidden, 0, gates),
        new StackSpec(layers, Connection.PLAIN, null, new WindowSpec(window)),
        head);
  }

  /** A short, readable name for a parameterised test. */
  public static String describe(ModelSpec s) {
    return String.format(
        "%s R=%d%s %s%s%s %s τ=%.1f h=%d%s ar=%d",
        s.cell().variant(),
        s.outputSize(),
        s.cell().rank() > 0 ? " K=" + s.cell().rank() : "",
        s.layers() == 3 ? "" : s.layers() + "×",
        s.stack().connection() + (s.stack().feeds() == null ? "" : " feeds " + s.stack().feeds()),
        s.stack().window() == null ? "" : " W=" + s.stack().windowSize(),
        s.cell().gates().mode(),
        s.cell().gates().temperature(),
        s.head().horizon(),
        s.head().probabilistic() ? " q=" + s.head().quantiles() : "",
        s.head().autoregressive());
  }
}
