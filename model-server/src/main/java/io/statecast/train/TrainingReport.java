package io.statecast.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.artifact.SpecJson;
import io.statecast.data.LoadedData;

/**
 * The {@code training.json} an artifact carries:
 *
 * <pre>
 * {"config": {…the full configuration…},
 *  "data": {"file": "…", "keys": 12, "observations": 78888, "badRows": 0, "cadence": "daily",
 *           "trainKeys": 12, "fitObservations": 56796},
 *  "result": {"bestEpoch": 31, "bestValidationLoss": 0.61, "stoppedBecause": "…", "seconds": 212.4},
 *  "epochs": [{"epoch": 1, "trainLoss": …, "validationLoss": …, "learningRate": …,
 *              "temperature": …, "updates": …, "seconds": …}, …],
 *  "calibration": [{"coverage": 0.8,
 *                   "steps": [{"step": 1, "qhat": 0.07, "n": 1460,
 *                              "coverageBefore": 0.76, "coverageAfter": 0.80}, …]}, …]}
 * </pre>
 *
 * Losses and {@code qhat} are in normalised units (per-key standard deviations); coverages are
 * shares of the validation points. {@code calibration} is null for a point head or when calibration
 * is off ({@link Conformal}).
 */
final class TrainingReport {

  private TrainingReport() {}

  static String json(
      TrainConfig config,
      LoadedData data,
      TrainingData encoded,
      TrainingResult r,
      Conformal.Calibration calibration) {
    ObjectMapper m = SpecJson.mapper();
    ObjectNode root = m.createObjectNode();
    root.set("config", m.valueToTree(config));
    ObjectNode d = root.putObject("data");
    d.put("file", data.source().toString());
    d.put("keys", data.data().keys());
    d.put("observations", data.data().observations());
    d.put("badRows", data.badRows().size());
    d.put("cadence", data.cadence().label());
    d.put("trainKeys", encoded.keys().size());
    d.put("fitObservations", encoded.fitObservations());
    ObjectNode res = root.putObject("result");
    res.put("bestEpoch", r.bestEpoch());
    res.put("bestValidationLoss", r.bestValidationLoss());
    res.put("stoppedBecause", r.stoppedBecause());
    res.put("seconds", Math.round(r.seconds() * 10) / 10.0);
    ArrayNode epochs = root.putArray("epochs");
    for (EpochStats e : r.history()) {
      epochs.add(m.valueToTree(e));
    }
    if (calibration == null) {
      root.putNull("calibration");
    } else {
      root.set("calibration", m.valueToTree(calibration.intervals()));
    }
    try {
      return m.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
