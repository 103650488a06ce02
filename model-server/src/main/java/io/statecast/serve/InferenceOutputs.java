package io.statecast.serve;

import io.statecast.model.HeadSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output tensors of a model in the Open Inference Protocol, each FP32 {@code [N, width]}: a
 * point head's {@code forecast}; a quantile head's {@code forecast} (the median) and, for each
 * central interval, {@code lower_<coverage %>} and {@code upper_<coverage %>} (e.g. {@code
 * lower_80}, {@code upper_80} for the levels 0.1 and 0.9), widest first; a model without a head's
 * {@code output} (its top layer). Separate named tensors of the forecast's shape, rather than one
 * tensor of every level, so that a client finds each bound by name in the model's metadata (whose
 * tensors carry no parameters) and reads it as it reads the forecast; each interval tensor's
 * parameters in a response repeat its {@code coverage} and {@code quantile} level.
 */
final class InferenceOutputs {

  /**
   * One output tensor.
   *
   * @param name its name
   * @param offset where its values start in a row of the model's result
   * @param width values per window
   * @param parameters the tensor's parameters in a response (empty: none)
   */
  record Output(String name, int offset, int width, Map<String, Object> parameters) {}

  private final List<Output> outputs;

  private InferenceOutputs(List<Output> outputs) {
    this.outputs = List.copyOf(outputs);
  }

  /** The output tensors of {@code m}. */
  static InferenceOutputs of(InferenceModel m) {
    HeadSpec head = m.spec().head();
    List<Output> out = new ArrayList<>();
    if (!head.present()) {
      out.add(new Output("output", 0, m.outputWidth(), Map.of()));
      return new InferenceOutputs(out);
    }
    int h = head.horizon();
    out.add(new Output(HeadOutputs.FORECAST, head.pointOffset(), h, Map.of()));
    for (HeadSpec.Interval in : head.intervals()) {
      out.add(bound(HeadOutputs.lowerName(in), in, in.lowerOffset(), head));
      out.add(bound(HeadOutputs.upperName(in), in, in.upperOffset(), head));
    }
    return new InferenceOutputs(out);
  }

  private static Output bound(String name, HeadSpec.Interval in, int offset, HeadSpec head) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("coverage", HeadOutputs.coverage(in));
    p.put("quantile", head.quantiles().get(offset / head.horizon()));
    return new Output(name, offset, head.horizon(), p);
  }

  /** Every output tensor, in order. */
  List<Output> all() {
    return outputs;
  }

  /** The names of the output tensors, in order. */
  List<String> names() {
    return outputs.stream().map(Output::name).toList();
  }

  /**
   * The outputs a request asks for ({@code requested} names, in the model's order), or every one
   * when it names none.
   */
  List<Output> select(List<String> requested) {
    if (requested.isEmpty()) {
      return outputs;
    }
    return outputs.stream().filter(o -> requested.contains(o.name())).toList();
  }

  /** The model's metadata entries for its outputs: name, datatype, shape. */
  List<Map<String, Object>> metadata() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Output o : outputs) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", o.name());
      t.put("datatype", "FP32");
      t.put("shape", List.of(-1, o.width()));
      out.add(t);
    }
    return out;
  }

  /**
   * The response tensor of output {@code o} from the model's result {@code values} ({@code n} rows
   * of {@code rowWidth}), shaped {@code [n, width]} or, for a request without the batch axis,
   * {@code [width]}.
   */
  static Map<String, Object> tensor(
      Output o, float[] values, int n, int rowWidth, boolean batched) {
    float[] data = new float[n * o.width()];
    for (int b = 0; b < n; b++) {
      System.arraycopy(values, b * rowWidth + o.offset(), data, b * o.width(), o.width());
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", o.name());
    t.put("datatype", "FP32");
    t.put("shape", batched ? List.of(n, o.width()) : List.of(o.width()));
    if (!o.parameters().isEmpty()) {
      t.put("parameters", o.parameters());
    }
    t.put("data", data);
    return t;
  }
}
