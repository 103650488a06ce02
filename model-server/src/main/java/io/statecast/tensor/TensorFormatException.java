package io.statecast.tensor;

import java.io.IOException;

/**
 * A weight file (or one entry or tensor in it) that cannot be read or written as a tensor: its
 * bytes break the format, or it holds something this package does not support.
 *
 * <p>The message always starts with the file, then the entry or tensor when there is one, then what
 * is wrong, e.g. {@code weights.safetensors: tensor 'weight_ih_l0' declares 128 bytes but its
 * offsets span 96}. Lower-level parse errors (zip, JSON, number parsing) are kept as the cause and
 * never escape on their own.
 */
public class TensorFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}, which names the file and the problem. */
  public TensorFormatException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by a lower-level {@code cause}. */
  public TensorFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
