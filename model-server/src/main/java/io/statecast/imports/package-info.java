/**
 * Turning weights trained elsewhere into Statecast models: a PyTorch {@code nn.LSTM} state dict
 * (names and gate order kept as they are) and the weights of an ONNX {@code LSTM} node (gate rows
 * reordered, peepholes renamed). Sizes are inferred from the weights; anything inconsistent is
 * refused with the names and shapes involved.
 */
package io.statecast.imports;
