package io.statecast.bench;

import io.statecast.cell.fast.Micro;
import io.statecast.cell.fast.Panels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * What one core can do, measured with the same Vector API code paths the fast kernel runs: the
 * ceiling a step kernel is judged against.
 *
 * <ul>
 *   <li>{@link #fmaChains}: twelve independent chains of fused multiply-adds on registers, {@code
 *       a_i ← x · y + a_i}, no memory operand at all — the core's practical FMA peak (at the clock
 *       it holds under vector load, which may be below the nominal one).
 *   <li>{@link #gateTile}: {@link Micro#tile} over a whole layer's gate product for one tile of
 *       {@link Micro#MR} rows, {@code (MR, K) · (K, N)}, the weight panels read from cache as in a
 *       step — what the product part of a step can reach.
 * </ul>
 *
 * Both count two FLOPs per multiply-add lane. A step of the model runs at most at {@code peak /
 * FLOPs per event} events/s; how far below that it runs is its distance to the hardware's limit.
 */
public final class CoreLimit {

  /** One call of a probe and the FLOPs it does. */
  public record Probe(Runnable work, long flopsPerCall) {}

  /** Multiply-adds per chain per call of {@link #fmaChains}. */
  private static final int CHAIN_STEPS = 4_096;

  /** Chains: enough to cover the FMA latency on both ports, few enough for AVX2's 16 registers. */
  private static final int CHAINS = 12;

  /** Written by every probe call, so that the JIT cannot drop its arithmetic. */
  @SuppressWarnings("unused")
  private static volatile float sink;

  private CoreLimit() {}

  /** The register-only FMA probe; see the class comment. */
  public static Probe fmaChains() {
    return new Probe(CoreLimit::chains, 2L * CHAINS * CHAIN_STEPS * Micro.L);
  }

  /**
   * The gate-product probe: one tile of {@link Micro#MR} rows times a {@code (k, n)} weight matrix
   * (for a fused LSTM layer {@code k = in + R}, {@code n = 4H}), panel after panel.
   */
  public static Probe gateTile(int k, int n) {
    if (k < 1 || n < 1) {
      throw new IllegalArgumentException("k and n must be positive, got " + k + " and " + n);
    }
    Panels panels = Panels.of(k, n, (col, kk) -> ((col * 31 + kk * 17) % 13 - 6) / 64.0, null);
    float[] ap = new float[Micro.MR * k]; // packed A (MR, k)
    for (int i = 0; i < ap.length; i++) {
      ap[i] = (i % 11 - 5) / 32f;
    }
    float[] out = new float[Micro.TILE];
    Runnable work =
        () -> {
          float s = 0f;
          for (int p = 0; p < panels.count; p++) {
            Micro.tile(ap, 0, k, panels.w, panels.offset(p), out, 0);
            s += out[p % Micro.TILE];
          }
          sink = s;
        };
    return new Probe(work, 2L * Micro.MR * k * (long) panels.count * Micro.NR);
  }

  /**
   * Twelve FMA chains, each from its own vector (sharing one initial vector keeps C2 from holding
   * them in registers; see {@link Micro}), written out one by one on purpose: an array of vectors
   * would live in memory, and the probe would measure loads and stores instead of FMAs. Each chain
   * is {@code a ← x · y + a}, the accumulator as the addend as in the tile; written {@code a ← a ·
   * x + y} the same loop ran at half the rate once C2 had compiled it fully (≈ 110 against ≈ 215
   * GFLOP/s on the Sapphire Rapids core). {@code x · y = 5·10⁻⁷} keeps every value finite and
   * normal.
   */
  private static void chains() {
    FloatVector x = FloatVector.broadcast(Micro.F, 0.5f);
    FloatVector y = FloatVector.broadcast(Micro.F, 1e-6f);
    FloatVector a0 = FloatVector.broadcast(Micro.F, 0.10f);
    FloatVector a1 = FloatVector.broadcast(Micro.F, 0.11f);
    FloatVector a2 = FloatVector.broadcast(Micro.F, 0.12f);
    FloatVector a3 = FloatVector.broadcast(Micro.F, 0.13f);
    FloatVector a4 = FloatVector.broadcast(Micro.F, 0.14f);
    FloatVector a5 = FloatVector.broadcast(Micro.F, 0.15f);
    FloatVector a6 = FloatVector.broadcast(Micro.F, 0.16f);
    FloatVector a7 = FloatVector.broadcast(Micro.F, 0.17f);
    FloatVector a8 = FloatVector.broadcast(Micro.F, 0.18f);
    FloatVector a9 = FloatVector.broadcast(Micro.F, 0.19f);
    FloatVector a10 = FloatVector.broadcast(Micro.F, 0.20f);
    FloatVector a11 = FloatVector.broadcast(Micro.F, 0.21f);
    for (int i = 0; i < CHAIN_STEPS; i++) {
      a0 = x.fma(y, a0);
      a1 = x.fma(y, a1);
      a2 = x.fma(y, a2);
      a3 = x.fma(y, a3);
      a4 = x.fma(y, a4);
      a5 = x.fma(y, a5);
      a6 = x.fma(y, a6);
      a7 = x.fma(y, a7);
      a8 = x.fma(y, a8);
      a9 = x.fma(y, a9);
      a10 = x.fma(y, a10);
      a11 = x.fma(y, a11);
    }
    sink =
        a0.add(a1)
            .add(a2)
            .add(a3)
            .add(a4)
            .add(a5)
            .add(a6)
            .add(a7)
            .add(a8)
            .add(a9)
            .add(a10)
            .add(a11)
            .reduceLanes(VectorOperators.ADD);
  }
}
