/**
 * Unfused LSTM cells for the bench, not production engines: {@link
 * io.statecast.bench.naive.NaiveKernel} computes each gate with its own two matrix products (eight
 * per step, as the cell is first written by hand), {@link io.statecast.bench.naive.FusedKernel}
 * computes all four gates with one product over the concatenated {@code [x | h]}. Each runs its
 * products either in plain Java loops or through the fast kernel's packed, register-tiled
 * micro-kernel ({@link io.statecast.bench.naive.Loops}), so that naive against fused with the same
 * loops measures the fusion alone. Both read the production weights (PyTorch gate order {@code [i |
 * f | g | o]}) and are tested against the reference. {@link
 * io.statecast.bench.naive.PeepholeMatrices} adds full-matrix peepholes to the naive cell, a bench
 * variant only.
 */
package io.statecast.bench.naive;
