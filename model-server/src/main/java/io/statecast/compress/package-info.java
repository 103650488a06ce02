/**
 * Compression of trained models after training: precision (round and clip the gates' weights) and
 * low rank (truncated SVD of {@code weight_ih} / {@code weight_hh}), after Li et al. 2018
 * (G2-LSTM). The result is an ordinary model whose spec records what was done.
 */
package io.statecast.compress;
