package io.statecast.cell.djl;

import ai.djl.ndarray.NDArray;

/**
 * One layer's parameters as arrays on a device, in the layout the fused step wants.
 *
 * @param weight {@code [W_ih | W_hh]}, {@code (4H, in + R)}: one product for all four gates
 * @param bias {@code b_ih + b_hh}, {@code (4H)}
 * @param projection {@code W_hr (R, H)}, or null without projection
 * @param peepholeInput {@code p_i (H)}, or null for a fused cell
 * @param peepholeForget {@code p_f (H)}, or null
 * @param peepholeOutput {@code p_o (H)}, or null
 * @param highwayWeight {@code W_t (R, R)}, or null without a highway gate
 * @param highwayBias {@code b_t (R)}, or null
 */
public record DjlLayerParams(
    NDArray weight,
    NDArray bias,
    NDArray projection,
    NDArray peepholeInput,
    NDArray peepholeForget,
    NDArray peepholeOutput,
    NDArray highwayWeight,
    NDArray highwayBias) {}
