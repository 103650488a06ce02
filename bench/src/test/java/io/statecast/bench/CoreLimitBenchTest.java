package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.statecast.model.StandardModels;
import io.statecast.model.StandardModels.Preset;
import org.junit.jupiter.api.Test;

/** The probes run and report rates; their speed is the benchmark's business, not a test's. */
class CoreLimitBenchTest {

  @Test
  void measuresBothProbesOverTheWidestLayer() {
    CoreLimitBench.Result r =
        CoreLimitBench.run(StandardModels.spec(Preset.STANDARD), 2, 1_000_000L);

    assertThat(r.k()).isEqualTo(128 + 128); // layer 1 reads R = 128 next to its own h
    assertThat(r.n()).isEqualTo(4 * 128);
    for (double rate : r.peak().wall()) {
      assertThat(rate).isPositive().isFinite();
    }
    for (double rate : r.tile().wall()) {
      assertThat(rate).isPositive().isFinite();
    }
    assertThat(r.boundEventsPerSecond(411_648))
        .isEqualTo(r.peak().medianWall() / 411_648, within(1e-6));
  }

  @Test
  void refusesAnEmptyTile() {
    assertThatThrownBy(() -> CoreLimit.gateTile(0, 512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
