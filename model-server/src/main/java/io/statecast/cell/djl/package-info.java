/**
 * The kernels on PyTorch through DJL, on the CPU or a GPU, and the batched model that training
 * shares with them: {@link io.statecast.cell.djl.DjlStack} steps the whole model in DJL operations
 * ({@link io.statecast.cell.djl.DjlCell} per layer, without in-place operations so that autograd
 * can record it), so that what is trained is exactly what is served.
 *
 * <p>{@link io.statecast.cell.djl.DjlStepKernel} sends the packed states to the device and back on
 * every step; {@link io.statecast.cell.djl.DjlResidentKernel} keeps them in a table on the device
 * and moves only slot indices, inputs and forecasts. Both step through {@link
 * io.statecast.cell.djl.DjlPackedStep}, with the weights on the device ({@link
 * io.statecast.cell.djl.DjlLayerParams}, {@link io.statecast.cell.djl.DjlHeadParams}) and every
 * temporary in a sub-manager closed at the end of the call, so that native memory does not grow.
 * {@link io.statecast.cell.djl.DjlRuntime} starts the engine offline and with bounded intra-op
 * threads, whoever calls first.
 */
package io.statecast.cell.djl;
