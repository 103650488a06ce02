package io.statecast.cell.djl;

import ai.djl.ndarray.NDArray;

/**
 * The parameters of a window stack's window ({@link io.statecast.model.WindowStacks}).
 *
 * @param backward the backward direction's cell ({@code *_l0_reverse}), fused as a layer's
 * @param scoreWeight {@code w_a (1, 2H)}
 * @param scoreBias {@code b_a (W)}, oldest position first
 */
public record DjlWindowParams(DjlLayerParams backward, NDArray scoreWeight, NDArray scoreBias) {}
