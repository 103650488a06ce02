/**
 * Unfused LSTM cells for the bench, not production engines: {@link
 * io.statecast.bench.naive.NaiveKernel} computes each gate with its own two matrix products (eight
 * per step, as the cell is first written by hand), {@link
 * io.statecast.bench.naive.PlainFusedKernel} computes all four gates with one product over the
 * concatenated {@code [x | h]}, both with the same plain Java loops ({@link
 * io.statecast.bench.naive.PlainGemm}), so that their difference is the fusion alone and the fast
 * kernel's lead over the fused one is its packing and register tiling. Both read the production
 * weights (PyTorch gate order {@code [i | f | g | o]}) and are tested against the reference.
 */
package io.statecast.bench.naive;
