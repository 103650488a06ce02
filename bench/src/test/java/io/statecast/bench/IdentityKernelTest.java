package io.statecast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.cell.StepKernel;
import io.statecast.model.RandomWeights;
import io.statecast.model.StandardModels;
import org.junit.jupiter.api.Test;

class IdentityKernelTest {

  @Test
  void copiesInputsIntoTheForecastAndLeavesTheStateAlone() {
    var weights = RandomWeights.of(StandardModels.spec(StandardModels.Preset.STANDARD), 1);
    int in = StandardModels.INPUTS;
    int horizon = StandardModels.HORIZON;
    float[] x = new float[2 * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    float[] state = new float[2 * weights.spec().stateLayout().size()];
    state[3] = 7f;
    float[] forecast = new float[2 * horizon];
    try (StepKernel k = new IdentityKernel(weights)) {
      k.step(2, x, state, null, forecast);
    }
    assertThat(forecast[0]).isEqualTo(0f);
    assertThat(forecast[horizon - 1]).isEqualTo(horizon - 1);
    assertThat(forecast[horizon]).isEqualTo(in); // row 1 starts at its own inputs
    assertThat(state[3]).isEqualTo(7f);
  }
}
