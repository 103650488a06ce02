package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.model.CompressionSpec;
import io.statecast.model.Connection;
import io.statecast.model.HeadSpec;
import io.statecast.model.ModelSpec;
import io.statecast.model.StackSpec;
import io.statecast.model.StandardModels;
import io.statecast.model.StandardModels.Preset;
import org.junit.jupiter.api.Test;

/** The FLOP counts against the shapes worked out by hand (products only, 2 per multiply-add). */
class StepFlopsTest {

  @Test
  void standardModelIsTheIssuesFourHundredTenKiloflops() {
    // layer 0: 2·(16 + 128)·512, layer 1: 2·(128 + 128)·512, head: 2·128·8
    long expected = 147_456 + 262_144 + 2_048;
    assertThat(StepFlops.perEvent(StandardModels.spec(Preset.STANDARD))).isEqualTo(expected);
    // peepholes are element-wise: the same products
    assertThat(StepFlops.perEvent(StandardModels.spec(Preset.STANDARD_PEEPHOLE)))
        .isEqualTo(expected);
  }

  @Test
  void projectionCountsTheSmallerRecurrenceAndTheProjections() {
    // R = 64, H = 128: layer 0: 2·(16 + 64)·512 + 2·128·64, layer 1: 2·(64 + 64)·512 + 2·128·64,
    // head: 2·64·8
    long expected = 81_920 + 16_384 + 131_072 + 16_384 + 1_024;
    assertThat(StepFlops.perEvent(StandardModels.spec(Preset.STANDARD_PROJECTION)))
        .isEqualTo(expected);
  }

  @Test
  void aGridBlockCountsTheProductsOfItsTwoCells() {
    // time and depth cells both read [u_k | h^t_k]: twice the standard gates, the same head
    long expected = 2 * (147_456 + 262_144) + 2 * 128 * 8;
    assertThat(StepFlops.perEvent(StandardModels.spec(Preset.STANDARD_GRID))).isEqualTo(expected);
  }

  @Test
  void highwayGatesAndAnAutoregressiveWindowAddTheirProducts() {
    ModelSpec plain = StandardModels.spec(Preset.STANDARD);
    ModelSpec highway =
        new ModelSpec(
            plain.format(),
            "highway",
            1,
            "",
            plain.inputs(),
            plain.cell(),
            new StackSpec(3, Connection.HIGHWAY),
            new HeadSpec(8, 24, 0));
    // layers 1 and 2 read R = 128 and carry a (128, 128) highway gate; the head reads 128 + 24
    long expected = 147_456 + 2 * (262_144 + 32_768) + 2 * (128 + 24) * 8;
    assertThat(StepFlops.perEvent(highway)).isEqualTo(expected);
  }

  @Test
  void lowRankWeightsCountTheirTwoFactors() {
    ModelSpec plain = StandardModels.spec(Preset.STANDARD);
    ModelSpec k32 =
        plain.withCell(plain.cell().withCompression(new CompressionSpec(0, 0, 32, null)));
    // K = 32 > 16 inputs: layer 0's W_ih stays dense (2·16·512); each factored (512, c) weight
    // costs 2·(32·c + 512·32): W_hh of both layers and W_ih of layer 1 (c = 128); head 2·128·8
    long expected = 16_384 + 3 * 2 * (32 * 128 + 512 * 32) + 2_048;
    assertThat(StepFlops.perEvent(k32)).isEqualTo(expected);
    ModelSpec k16 =
        plain.withCell(plain.cell().withCompression(new CompressionSpec(0, 0, 16, null)));
    // K = 16 = I: layer 0's W_ih is factored too, 2·(16·16 + 512·16)
    long expected16 = 2 * (16 * 16 + 512 * 16) + 3 * 2 * (16 * 128 + 512 * 16) + 2_048;
    assertThat(StepFlops.perEvent(k16)).isEqualTo(expected16);
  }
}
