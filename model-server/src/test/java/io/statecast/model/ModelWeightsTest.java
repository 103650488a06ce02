package io.statecast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.tensor.Tensor;
import io.statecast.testing.Specs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelWeightsTest {

  private final ModelSpec spec =
      Specs.of(
          CellVariant.FUSED,
          4,
          8,
          5,
          2,
          Connection.PLAIN,
          GateSpec.STANDARD,
          new HeadSpec(3, 2, 1));

  @Test
  void listsEveryWeightWithItsShape() {
    Map<String, int[]> expected = WeightNames.expected(spec);
    assertThat(expected.keySet())
        .containsExactly(
            "weight_ih_l0",
            "weight_hh_l0",
            "bias_ih_l0",
            "bias_hh_l0",
            "weight_hr_l0",
            "weight_ih_l1",
            "weight_hh_l1",
            "bias_ih_l1",
            "bias_hh_l1",
            "weight_hr_l1",
            "head.weight",
            "head.bias",
            "ar.weight",
            "ar.bias");
    assertThat(expected.get("weight_ih_l1")).containsExactly(32, 5);
    assertThat(expected.get("weight_hr_l0")).containsExactly(5, 8);
    assertThat(expected.get("ar.weight")).containsExactly(3, 2);
  }

  @Test
  void reportsEveryDisagreementAtOnce() {
    Map<String, Tensor> t = new LinkedHashMap<>(RandomWeights.of(spec, 1).tensors());
    t.put("weight_hh_l1", Tensor.zeros(Tensor.DType.FLOAT32, 32, 8));
    t.remove("head.bias");
    SpecMismatchException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            SpecMismatchException.class, () -> ModelWeights.bind(spec, t, "w.safetensors"));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage())
        .startsWith("w.safetensors does not fit model 'test'")
        .contains(
            "weight 'weight_hh_l1' has shape (32, 8) but the spec needs (32, 5) (I=4, H=8, R=5, L=2)")
        .contains("missing weight 'head.bias' (3,)");
  }

  @Test
  void refusesNonFiniteWeights() {
    Map<String, Tensor> t = new LinkedHashMap<>(RandomWeights.of(spec, 1).tensors());
    t.get("bias_ih_l0").data()[3] = Double.NaN;
    assertThatThrownBy(() -> ModelWeights.bind(spec, t, "w"))
        .hasMessageContaining("weight 'bias_ih_l0' is not finite at index 3");
  }

  @Test
  void specValidationSaysWhatIsWrong() {
    assertThatThrownBy(() -> new CellSpec(CellVariant.FUSED, 8, 8, GateSpec.STANDARD))
        .hasMessageContaining("cell.projection must be 0 (none) or between 1 and hidden - 1 = 7");
    assertThatThrownBy(() -> new GateSpec(GateMode.GUMBEL, -1))
        .hasMessageContaining("temperature must be positive");
    assertThatThrownBy(() -> new HeadSpec(0, 3, 0)).hasMessageContaining("needs a head");
    assertThatThrownBy(
            () ->
                Specs.of(
                    CellVariant.FUSED,
                    2,
                    4,
                    0,
                    1,
                    Connection.PLAIN,
                    GateSpec.STANDARD,
                    new HeadSpec(1, 2, 5)))
        .hasMessageContaining("head.arFeature 5 is not an input position");
  }

  @Test
  void stateLayoutPacksEveryLayerThenTheWindow() {
    StateLayout l = spec.stateLayout();
    assertThat(l.size()).isEqualTo(2 * (5 + 8) + 2);
    assertThat(l.hOffset(1)).isEqualTo(13);
    assertThat(l.cOffset(1)).isEqualTo(18);
    assertThat(l.windowOffset()).isEqualTo(26);
    assertThat(l.bytes()).isEqualTo(4 * 28);
  }
}
