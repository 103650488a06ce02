package io.statecast.testing;

import io.statecast.imports.TorchImporter;
import io.statecast.model.Connection;
import io.statecast.model.ModelWeights;
import io.statecast.tensor.Npz;
import io.statecast.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** The numerical fixtures of {@code src/test/resources/fixtures} (see the README there). */
public final class Fixtures {

  public static final String LSTM_F64 = "lstm_f64_i4_h8_l2.npz";
  public static final String LSTM_F32 = "lstm_f32_i4_h8_l2.npz";
  public static final String LSTMP_F64 = "lstmp_f64_i4_h8_l2_p5.npz";
  public static final String PEEPHOLE = "lstm_peephole_ref.npz";

  private Fixtures() {}

  /** The fixture file on disk. */
  public static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture " + name, e);
    }
  }

  /** Every array of a fixture. */
  public static Map<String, Tensor> load(String name) {
    try {
      return Npz.read(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The weights of a PyTorch fixture ({@code nn.LSTM}'s state dict inside it), imported as one
   * plain stack without a head; {@code source} names it in import errors.
   */
  public static ModelWeights torchWeights(Map<String, Tensor> fixture, String source) {
    return TorchImporter.fromStateDict(
            fixture, new TorchImporter.Options("fixture", 1, Connection.PLAIN, 0), source)
        .weights();
  }

  /** Largest absolute difference of two tensors of the same shape. */
  public static double maxAbsDiff(Tensor expected, Tensor actual) {
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      throw new AssertionError(
          "shape " + actual.shapeString() + " differs from expected " + expected.shapeString());
    }
    double max = 0;
    for (int i = 0; i < expected.size(); i++) {
      double d = Math.abs(expected.data()[i] - actual.data()[i]);
      if (Double.isNaN(d)) {
        return Double.POSITIVE_INFINITY;
      }
      max = Math.max(max, d);
    }
    return max;
  }

  /** Largest absolute difference of two float arrays. */
  public static double maxAbsDiff(float[] expected, float[] actual) {
    if (expected.length != actual.length) {
      throw new AssertionError(actual.length + " values, expected " + expected.length);
    }
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs((double) expected[i] - actual[i]);
      max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
    }
    return max;
  }
}
