package io.statecast.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The standard benchmark model of the performance work: 16 input features, hidden 128, 2 layers,
 * horizon 8, fp32 — about 410 kFLOP and 2 KiB of {@code (h, c)} state per event — in its fused,
 * peephole and projected (128 → 64) forms, and as a 2-D Grid LSTM ({@code standard-grid}: the same
 * cells, two per block, so twice the gate products).
 */
public final class StandardModels {

  /** Input features of the standard model. */
  public static final int INPUTS = 16;

  /** Hidden size. */
  public static final int HIDDEN = 128;

  /** Layers. */
  public static final int LAYERS = 2;

  /** Forecast horizon. */
  public static final int HORIZON = 8;

  /** Projection size of the LSTMP variant. */
  public static final int PROJECTION = 64;

  private StandardModels() {}

  /** The named presets. */
  public enum Preset {
    STANDARD,
    STANDARD_PEEPHOLE,
    STANDARD_PROJECTION,
    STANDARD_GRID
  }

  /** The spec of a preset. */
  public static ModelSpec spec(Preset preset) {
    List<FeatureSpec> features = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      features.add(FeatureSpec.raw(i));
    }
    CellSpec cell =
        switch (preset) {
          case STANDARD, STANDARD_GRID -> CellSpec.fused(HIDDEN);
          case STANDARD_PEEPHOLE ->
              new CellSpec(CellVariant.PEEPHOLE, HIDDEN, 0, GateSpec.STANDARD);
          case STANDARD_PROJECTION ->
              new CellSpec(CellVariant.FUSED, HIDDEN, PROJECTION, GateSpec.STANDARD);
        };
    return new ModelSpec(
        ModelSpec.FORMAT,
        preset.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
        1,
        "standard benchmark model (" + preset + "), random weights",
        new InputSpec(features),
        cell,
        new StackSpec(LAYERS, preset == Preset.STANDARD_GRID ? Connection.GRID : Connection.PLAIN),
        new HeadSpec(HORIZON, 0, 0));
  }
}
