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

  /** Every variant × projection × connection × gate mode, with heads with and without AR. */
  public static List<ModelSpec> everyCombination() {
    List<ModelSpec> specs = new ArrayList<>();
    GateSpec[] gates = {
      GateSpec.STANDARD, new GateSpec(GateMode.SIGMOID, 0.5), new GateSpec(GateMode.HARD, 1.0)
    };
    for (CellVariant v : CellVariant.values()) {
      for (int projection : new int[] {0, 5}) {
        for (Connection c : Connection.values()) {
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

  /** A short, readable name for a parameterised test. */
  public static String describe(ModelSpec s) {
    return String.format(
        "%s R=%d%s %s %s τ=%.1f h=%d%s ar=%d",
        s.cell().variant(),
        s.outputSize(),
        s.cell().rank() > 0 ? " K=" + s.cell().rank() : "",
        s.stack().connection(),
        s.cell().gates().mode(),
        s.cell().gates().temperature(),
        s.head().horizon(),
        s.head().probabilistic() ? " q=" + s.head().quantiles() : "",
        s.head().autoregressive());
  }
}
