package io.statecast.cell.djl;

import ai.djl.ndarray.NDArray;

/**
 * The head's parameters on a device.
 *
 * @param weight {@code W_out (h, R)}
 * @param bias {@code b_out (h)}
 * @param arWeight {@code W_ar (h, k)}, or null without an autoregressive term
 * @param arBias {@code b_ar (h)}, or null
 */
public record DjlHeadParams(NDArray weight, NDArray bias, NDArray arWeight, NDArray arBias) {}
