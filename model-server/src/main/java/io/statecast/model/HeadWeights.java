package io.statecast.model;

import io.statecast.tensor.Tensor;

/**
 * The weights of the output head, checked against the spec by {@link ModelWeights}.
 *
 * @param weight {@code W_out (h, R)}
 * @param bias {@code b_out (h)}
 * @param arWeight {@code W_ar (h, k)} or null without an autoregressive term
 * @param arBias {@code b_ar (h)} or null
 */
public record HeadWeights(Tensor weight, Tensor bias, Tensor arWeight, Tensor arBias) {}
