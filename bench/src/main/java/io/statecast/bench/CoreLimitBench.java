package io.statecast.bench;

import io.statecast.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures the ceiling of one core for a model's step ({@link CoreLimit}): the register-only FMA
 * peak and the gate tile over the model's widest layer, taking rounds in turn like the kernels do
 * ({@link Rounds#interleaved(Map, int, long)}), in FLOP/s.
 */
public final class CoreLimitBench {

  /**
   * The two probes' FLOP/s per round.
   *
   * @param peak twelve FMA chains on registers
   * @param tile one tile of rows times the widest layer's gate weights {@code (k, n)}
   * @param k the tile's inner dimension, {@code in + R} of that layer
   * @param n its columns, {@code 4H}
   */
  public record Result(Rounds peak, Rounds tile, int k, int n) {

    /** The events/s a step of {@code flopsPerEvent} would reach if it ran at the FMA peak. */
    public double boundEventsPerSecond(long flopsPerEvent) {
      return peak.medianWall() / flopsPerEvent;
    }
  }

  private CoreLimitBench() {}

  /** Two warm-up rounds, then {@code rounds} measured rounds of each probe, alternating. */
  public static Result run(ModelSpec spec, int rounds, long roundNanos) {
    int k = 0;
    for (int layer = 0; layer < spec.layers(); layer++) {
      k = Math.max(k, spec.layerInputSize(layer) + spec.outputSize());
    }
    int n = 4 * spec.cell().hidden();
    CoreLimit.Probe peak = CoreLimit.fmaChains();
    CoreLimit.Probe tile = CoreLimit.gateTile(k, n);
    Map<String, Rounds.Work> work = new LinkedHashMap<>(); // peak, then tile, in every round
    work.put("peak", new Rounds.Work(peak.work(), peak.flopsPerCall()));
    work.put("tile", new Rounds.Work(tile.work(), tile.flopsPerCall()));
    Map<String, Rounds> r = Rounds.interleaved(work, rounds, roundNanos);
    return new Result(r.get("peak"), r.get("tile"), k, n);
  }
}
