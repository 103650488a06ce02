package io.statecast.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statecast.model.CellVariant;
import io.statecast.model.Connection;
import io.statecast.model.GateSpec;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelWeights;
import io.statecast.model.RandomWeights;
import io.statecast.tensor.Tensor;
import io.statecast.testing.Fixtures;
import io.statecast.testing.Specs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TorchImporterTest {

  private static final TorchImporter.Options OPTIONS =
      new TorchImporter.Options("m", 1, Connection.PLAIN, 0);

  @Test
  void infersSizesFromTheWeightsAndReportsWhatItIgnored() {
    TorchImporter.Result r =
        TorchImporter.fromStateDict(Fixtures.load(Fixtures.LSTMP_F64), OPTIONS, "f");
    assertThat(r.weights().spec().inputSize()).isEqualTo(4);
    assertThat(r.weights().spec().cell().hidden()).isEqualTo(8);
    assertThat(r.weights().spec().cell().projection()).isEqualTo(5);
    assertThat(r.weights().spec().layers()).isEqualTo(2);
    assertThat(r.weights().spec().cell().variant()).isEqualTo(CellVariant.FUSED);
    assertThat(r.ignored()).contains("x", "h0", "c0", "y", "meta_dims", "step_y_l0");
  }

  @Test
  void acceptsAModulePrefix() {
    Map<String, Tensor> prefixed = new LinkedHashMap<>();
    Fixtures.load(Fixtures.LSTM_F32)
        .forEach(
            (k, v) ->
                prefixed.put(
                    k.startsWith("weight") || k.startsWith("bias") ? "encoder.lstm." + k : k, v));
    TorchImporter.Result r = TorchImporter.fromStateDict(prefixed, OPTIONS, "f");
    assertThat(r.weights().tensors()).containsKey("weight_hh_l1");
  }

  @Test
  void refusesBidirectionalLstms() {
    Map<String, Tensor> d = new LinkedHashMap<>(Fixtures.load(Fixtures.LSTM_F32));
    d.put("weight_ih_l0_reverse", d.get("weight_ih_l0"));
    assertThatThrownBy(() -> TorchImporter.fromStateDict(d, OPTIONS, "bi.npz"))
        .hasMessageContaining("bi.npz")
        .hasMessageContaining("bidirectional");
  }

  @Test
  void importsABidirectionalFirstLayerAsAWindowMappingEveryWeightByName() {
    ModelWeights w =
        RandomWeights.of(
            Specs.window(CellVariant.FUSED, 4, 8, 2, 6, GateSpec.STANDARD, new HeadSpec(3, 0, 0)),
            3);
    Map<String, Tensor> dict = new LinkedHashMap<>();
    w.tensors()
        .forEach(
            (k, v) ->
                dict.put(k.startsWith("weight") || k.startsWith("bias") ? "lstm." + k : k, v));
    dict.put("x", Tensor.zeros(Tensor.DType.FLOAT32, 2));
    TorchImporter.Result r = TorchImporter.fromStateDict(dict, OPTIONS, "bi.npz");
    assertThat(r.weights().spec().stack().windowSize()).isEqualTo(6); // from attention.bias
    assertThat(r.weights().spec().layerInputSize(1)).isEqualTo(16);
    assertThat(r.weights().tensors()).isEqualTo(w.tensors());
    assertThat(r.ignored()).containsExactly("x");
    TorchImporter.Options six = new TorchImporter.Options("m", 1, Connection.PLAIN, 0, 6);
    assertThat(TorchImporter.fromStateDict(dict, six, "bi.npz").weights().tensors())
        .isEqualTo(w.tensors());
    TorchImporter.Options four = new TorchImporter.Options("m", 1, Connection.PLAIN, 0, 4);
    assertThatThrownBy(() -> TorchImporter.fromStateDict(dict, four, "bi.npz"))
        .hasMessageContaining("weight 'attention.bias' has shape (6,) but the spec needs (4,)");
  }

  @Test
  void givesABiasFreeBackwardDirectionZeroBiases() {
    ModelWeights w =
        RandomWeights.of(
            Specs.window(CellVariant.FUSED, 4, 8, 2, 3, GateSpec.STANDARD, new HeadSpec(3, 0, 0)),
            3);
    Map<String, Tensor> dict = new LinkedHashMap<>(w.tensors());
    dict.remove("bias_ih_l0_reverse");
    dict.remove("bias_hh_l0_reverse");
    TorchImporter.Result r = TorchImporter.fromStateDict(dict, OPTIONS, "nobias.npz");
    assertThat(r.weights().tensors().get("bias_hh_l0_reverse").data()).containsOnly(0.0);
  }

  @Test
  void refusesAReverseDirectionAboveTheFirstLayerSayingWhy() {
    Map<String, Tensor> d = new LinkedHashMap<>(Fixtures.load(Fixtures.LSTM_F32));
    d.put("weight_ih_l0_reverse", d.get("weight_ih_l0"));
    d.put("weight_ih_l1_reverse", d.get("weight_ih_l1"));
    TorchImporter.Options four = new TorchImporter.Options("m", 1, Connection.PLAIN, 0, 4);
    assertThatThrownBy(() -> TorchImporter.fromStateDict(d, four, "deep-bi.npz"))
        .hasMessageContaining(
            "'weight_ih_l1_reverse' is a reverse direction above the first layer");
  }

  @Test
  void refusesAWindowForAFileWithoutABidirectionalLayer() {
    TorchImporter.Options four = new TorchImporter.Options("m", 1, Connection.PLAIN, 0, 4);
    assertThatThrownBy(
            () -> TorchImporter.fromStateDict(Fixtures.load(Fixtures.LSTM_F32), four, "uni.npz"))
        .hasMessageContaining("no bidirectional first layer");
  }

  @Test
  void refusesInconsistentSizesSayingWhich() {
    Map<String, Tensor> d = new LinkedHashMap<>(Fixtures.load(Fixtures.LSTM_F32));
    d.put("weight_hh_l1", Tensor.zeros(Tensor.DType.FLOAT32, 32, 6));
    assertThatThrownBy(() -> TorchImporter.fromStateDict(d, OPTIONS, "bad.npz"))
        .hasMessageContaining("bad.npz")
        .hasMessageContaining("weight 'weight_hh_l1' has shape (32, 6) but the spec needs (32, 8)");
  }

  @Test
  void refusesALayerWithoutItsInputWeights() {
    Map<String, Tensor> d = new LinkedHashMap<>(Fixtures.load(Fixtures.LSTM_F32));
    d.remove("weight_ih_l1");
    assertThatThrownBy(() -> TorchImporter.fromStateDict(d, OPTIONS, "gap.npz"))
        .hasMessageContaining("names layer 1 but weight_ih_l1 is missing");
  }

  @Test
  void refusesFilesWithoutAnLstm() {
    assertThatThrownBy(
            () ->
                TorchImporter.fromStateDict(
                    Map.of("w", Tensor.zeros(Tensor.DType.FLOAT32, 2)), OPTIONS, "x.npz"))
        .hasMessageContaining("not an nn.LSTM state dict");
  }
}
