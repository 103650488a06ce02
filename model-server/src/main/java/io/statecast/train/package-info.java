/**
 * Training LSTM forecasters with DJL autograd on the PyTorch engine: per-key series become stateful
 * segments stepped by the very {@link io.statecast.cell.djl.DjlStack} that serving uses, trained by
 * truncated back-propagation through time with Adam, gradient-norm clipping and early stopping on a
 * validation split that is streamed exactly as serving streams it. A quantile head trains with the
 * pinball loss and its intervals are then calibrated on the same split by conformalized quantile
 * regression ({@link io.statecast.train.Conformal}). See {@link io.statecast.train.Trainer} for the
 * algorithm and {@code docs/evaluation.md} for the results.
 */
package io.statecast.train;
