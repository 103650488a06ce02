/**
 * Host tensors and the data-only weight formats they are read from and written to: NumPy's {@code
 * .npy}/{@code .npz} and Hugging Face's safetensors. Nothing here executes code from a file: these
 * formats hold a header and raw little-endian numbers, nothing else.
 *
 * <p>Entry points: {@link io.statecast.tensor.TensorFiles} (format chosen by content or extension),
 * {@link io.statecast.tensor.Npz}, {@link io.statecast.tensor.Npy} and {@link
 * io.statecast.tensor.Safetensors}. Every malformed or unsupported input raises a {@link
 * io.statecast.tensor.TensorFormatException} naming the file, the entry or tensor, and the problem.
 */
package io.statecast.tensor;
