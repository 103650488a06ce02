package io.statecast.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.statecast.batch.KeyState;
import io.statecast.model.StateLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A copy of one key's state for {@code GET …/keys/{key}/state}: {@code h} and {@code c} of every
 * layer, the autoregressive window if the head has one, the step count and the last event time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record KeyStateView(
    String model,
    int modelVersion,
    String key,
    long steps,
    Long lastEventTime,
    List<Layer> layers,
    float[] window) {

  /** One layer's recurrent state. */
  record Layer(float[] h, float[] c) {}

  static KeyStateView of(String model, String key, KeyState s, StateLayout layout) {
    List<Layer> layers = new ArrayList<>(layout.layers());
    for (int k = 0; k < layout.layers(); k++) {
      int h = layout.hOffset(k);
      int c = layout.cOffset(k);
      layers.add(
          new Layer(
              Arrays.copyOfRange(s.state, h, h + layout.outputSize()),
              Arrays.copyOfRange(s.state, c, c + layout.hidden())));
    }
    float[] window =
        layout.window() == 0
            ? null
            : Arrays.copyOfRange(
                s.state, layout.windowOffset(), layout.windowOffset() + layout.window());
    Long last =
        s.lastEventTime == io.statecast.features.FeatureEncoder.NO_PREVIOUS
            ? null
            : s.lastEventTime;
    return new KeyStateView(model, s.modelVersion, key, s.steps, last, layers, window);
  }
}
