package io.statecast.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.tensor.Tensor.DType;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads the reference fixtures written by {@code np.savez} (see fixtures/README.md). Expected
 * values were printed with {@code numpy.load} (NumPy 2.4), an independent reader, and pasted here.
 */
class NpzFixturesTest {

  @ParameterizedTest
  @CsvSource({
    "lstm_f64_i4_h8_l2.npz, FLOAT64, 1234",
    "lstm_f32_i4_h8_l2.npz, FLOAT32, 1234",
    "lstmp_f64_i4_h8_l2_p5.npz, FLOAT64, 4321"
  })
  void readsTorchFixtureWithTheShapesItsMetaDimsDeclare(String file, DType dtype, long seed)
      throws IOException {
    Map<String, Tensor> t = Npz.read(TestFiles.resource("fixtures/" + file));

    Tensor meta = t.get("meta_dims");
    assertThat(meta.dtype()).isEqualTo(DType.INT64);
    assertThat(meta.shape()).containsExactly(6);
    int in = (int) meta.get(0);
    int hidden = (int) meta.get(1);
    int layers = (int) meta.get(2);
    int steps = (int) meta.get(3);
    int batch = (int) meta.get(4);
    int proj = (int) meta.get(5);
    int out = proj > 0 ? proj : hidden;
    assertThat(new int[] {in, hidden, layers, steps, batch})
        .containsExactly(4, 8, 2, 20, 3); // the README's table
    assertThat(t.get("meta_seed").data()).containsExactly(seed);

    assertShape(t, "x", dtype, steps, batch, in);
    assertShape(t, "h0", dtype, layers, batch, out);
    assertShape(t, "c0", dtype, layers, batch, hidden);
    assertShape(t, "y", dtype, steps, batch, out);
    assertShape(t, "h_n", dtype, layers, batch, out);
    assertShape(t, "c_n", dtype, layers, batch, hidden);
    for (int k = 0; k < layers; k++) {
      assertShape(t, "weight_ih_l" + k, dtype, 4 * hidden, k == 0 ? in : out);
      assertShape(t, "weight_hh_l" + k, dtype, 4 * hidden, out);
      assertShape(t, "bias_ih_l" + k, dtype, 4 * hidden);
      assertShape(t, "bias_hh_l" + k, dtype, 4 * hidden);
      assertShape(t, "step_y_l" + k, dtype, steps, batch, out);
      assertThat(t.containsKey("weight_hr_l" + k)).isEqualTo(proj > 0);
      if (proj > 0) {
        assertShape(t, "weight_hr_l" + k, dtype, proj, hidden);
      }
    }
    assertThat(t).hasSize(proj > 0 ? 20 : 18);
  }

  private static void assertShape(Map<String, Tensor> t, String key, DType dtype, int... shape) {
    assertThat(t).containsKey(key);
    assertThat(t.get(key).shape()).as(key).containsExactly(shape);
    assertThat(t.get(key).dtype()).as(key).isEqualTo(dtype);
  }

  @Test
  void keepsTheArchiveOrderOfTheEntries() throws IOException {
    Map<String, Tensor> t = Npz.read(TestFiles.resource("fixtures/lstm_f64_i4_h8_l2.npz"));

    assertThat(t.keySet())
        .containsExactly(
            "x",
            "h0",
            "c0",
            "y",
            "h_n",
            "c_n",
            "weight_ih_l0",
            "weight_hh_l0",
            "bias_ih_l0",
            "bias_hh_l0",
            "weight_ih_l1",
            "weight_hh_l1",
            "bias_ih_l1",
            "bias_hh_l1",
            "step_y_l0",
            "step_y_l1",
            "meta_dims",
            "meta_seed");
  }

  @Test
  void readsFloat64FixtureValuesExactlyAsNumpyDoes() throws IOException {
    Map<String, Tensor> t = Npz.read(TestFiles.resource("fixtures/lstm_f64_i4_h8_l2.npz"));

    // numpy.load(...)["x"]: flat[0], flat[-1], x[1, 1, 1]
    assertThat(t.get("x").get(0, 0, 0)).isEqualTo(-1.269178694993504);
    assertThat(t.get("x").get(19, 2, 3)).isEqualTo(0.208751738623355);
    assertThat(t.get("x").get(1, 1, 1)).isEqualTo(0.07949988798770341);
    assertThat(t.get("weight_ih_l0").get(0, 0)).isEqualTo(-0.33306196331977844);
    assertThat(t.get("weight_ih_l0").get(31, 3)).isEqualTo(-0.3026984930038452);
    assertThat(t.get("weight_ih_l0").get(1, 1)).isEqualTo(0.14187724888324738);
    assertThat(t.get("y").get(0, 0, 0)).isEqualTo(0.13170599638125904);
    assertThat(t.get("y").get(19, 2, 7)).isEqualTo(0.06122041660261518);
    assertThat(t.get("h0").get(1, 1, 1)).isEqualTo(0.5443640174744913);
  }

  @Test
  void readsFloat32FixtureValuesExactlyAsNumpyDoes() throws IOException {
    Map<String, Tensor> t = Npz.read(TestFiles.resource("fixtures/lstm_f32_i4_h8_l2.npz"));

    // numpy prints the shortest decimal that round-trips the float32, so the float literal is it.
    assertThat(t.get("x").get(0, 0, 0)).isEqualTo(0.5410755f);
    assertThat(t.get("x").get(19, 2, 3)).isEqualTo(0.33910212f);
    assertThat(t.get("x").get(1, 1, 1)).isEqualTo(-0.16381662f);
    assertThat(t.get("weight_ih_l0").get(0, 0)).isEqualTo(-0.33306196f);
    assertThat(t.get("y").get(19, 2, 7)).isEqualTo(0.032207903f);
    assertThat(t.get("h0").get(1, 1, 1)).isEqualTo(0.56126004f);
  }

  @Test
  void readsProjectedFixtureValuesExactlyAsNumpyDoes() throws IOException {
    Map<String, Tensor> t = Npz.read(TestFiles.resource("fixtures/lstmp_f64_i4_h8_l2_p5.npz"));

    assertThat(t.get("meta_dims").data()).containsExactly(4, 8, 2, 20, 3, 5);
    assertThat(t.get("x").get(0, 0, 0)).isEqualTo(0.8428238916480006);
    assertThat(t.get("weight_hr_l1").get(0, 0)).isEqualTo(0.3185243308544159);
    assertThat(t.get("weight_hr_l1").get(4, 7)).isEqualTo(-0.04584624618291855);
    assertThat(t.get("y").get(1, 1, 1)).isEqualTo(0.09316038277891131);
  }

  @Test
  void readsPeepholeFixtureWithOnnxShapesAndMixedDtypes() throws IOException {
    Map<String, Tensor> t = Npz.read(TestFiles.resource("fixtures/lstm_peephole_ref.npz"));

    assertThat(t.keySet())
        .containsExactly("X", "W", "R", "Wb", "Rb", "P", "h0", "c0", "Y", "C", "Y_h", "Y_c");
    assertShape(t, "X", DType.FLOAT32, 20, 3, 4);
    assertShape(t, "W", DType.FLOAT32, 32, 4);
    assertShape(t, "R", DType.FLOAT32, 32, 8);
    assertShape(t, "P", DType.FLOAT32, 24);
    assertShape(t, "h0", DType.FLOAT32, 3, 8);
    assertShape(t, "Y", DType.FLOAT64, 20, 3, 8);
    assertShape(t, "Y_c", DType.FLOAT64, 3, 8);
    assertThat(t.get("X").get(0, 0, 0)).isEqualTo(0.0012301534f);
    assertThat(t.get("P").get(23)).isEqualTo(0.3188549f);
    assertThat(t.get("Y").get(1, 1, 1)).isEqualTo(-0.22877969710973872);
  }
}
