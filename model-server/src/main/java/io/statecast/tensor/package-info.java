/**
 * Host tensors and the data-only weight formats they are read from and written to: NumPy's {@code
 * .npy}/{@code .npz} and Hugging Face's safetensors. Nothing here executes code from a file: these
 * formats hold a header and raw little-endian numbers, nothing else.
 */
package io.statecast.tensor;
