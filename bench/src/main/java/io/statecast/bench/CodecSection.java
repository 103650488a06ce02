package io.statecast.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statecast.avro.Forecast;
import io.statecast.avro.Observation;
import io.statecast.source.ObservationEvent;
import io.statecast.source.ObservationEventSerializer;
import io.statecast.wire.WireCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Section {@code codec}: the per-record costs around the model, side by side in rounds (two warm-up
 * rounds, medians of the measured ones), in nanoseconds per record: Avro single-object encoding and
 * decoding of observations and forecasts ({@link WireCodec}: the source, the sink, the consumers),
 * and the round trip of an {@link ObservationEvent} across the {@code keyBy} edge with Flink's
 * default {@code PojoSerializer} (Avro inside) and with {@link ObservationEventSerializer}.
 */
final class CodecSection {

  /** Records per timed call. */
  private static final int PER_CALL = 1_000;

  private CodecSection() {}

  static ObjectNode run(BenchSettings s) {
    PrintWriter out = s.out();
    KernelBench.Config c = s.kernel();
    out.printf(
        Locale.ROOT,
        "%n== codec: ns per record, %d rounds of %d ms, medians ==%n",
        c.rounds(),
        c.roundNanos() / 1_000_000);
    out.flush();
    Map<String, Rounds> rounds =
        Rounds.interleaved(
            contenders(s.weights().spec().inputSize()), c.rounds(), c.roundNanos(), PER_CALL);
    ObjectNode n = BenchJson.object();
    ObjectNode ns = n.putObject("ns_per_record");
    rounds.forEach(
        (name, r) -> {
          double nanos = 1e9 / r.medianWall();
          ns.put(name, nanos);
          out.printf(Locale.ROOT, "  %-28s %8.0f ns%n", name, nanos);
        });
    double pojo = ns.path("edge_pojo_round_trip").asDouble();
    double compact = ns.path("edge_compact_round_trip").asDouble();
    n.set(
        "edge_pojo_over_compact",
        BenchJson.ratio(pojo / compact, 1.0, "keyBy edge round trip: PojoSerializer / compact"));
    out.printf(Locale.ROOT, "  keyBy edge, POJO / compact: %.2fx%n", pojo / compact);
    out.flush();
    return n;
  }

  private static Map<String, Runnable> contenders(int inputs) {
    List<Float> features = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      features.add(0.5f * i - 3f);
    }
    Observation o = new Observation("station-1234", 1_704_067_200_000L, features, Map.of(), 7.5f);
    List<Float> values = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      values.add(10f + i);
    }
    Forecast f =
        Forecast.newBuilder()
            .setKey("station-1234")
            .setEventTime(1_704_067_200_000L)
            .setValues(values)
            .setModelId("standard")
            .setModelVersion(1)
            .setSteps(42)
            .setTarget(7.5f)
            .setObservedAt(1_704_067_200_001L)
            .setEmittedAt(1_704_067_200_009L)
            .build();
    WireCodec<Observation> observations = WireCodec.observations();
    WireCodec<Forecast> forecasts = WireCodec.forecasts();
    byte[] ob = observations.encode(o);
    byte[] fb = forecasts.encode(f);
    ObservationEvent e = new ObservationEvent(o, 1L, "observations", 3, 99L, ob);
    Map<String, Runnable> work = new LinkedHashMap<>();
    work.put("observation_encode", repeat(() -> observations.encode(o)));
    work.put("observation_decode", repeat(() -> observations.decode(ob)));
    work.put("forecast_encode", repeat(() -> forecasts.encode(f)));
    work.put("forecast_decode", repeat(() -> forecasts.decode(fb)));
    TypeSerializer<ObservationEvent> pojo =
        TypeInformation.of(ObservationEvent.class).createSerializer(new SerializerConfigImpl());
    work.put("edge_pojo_round_trip", roundTrips(pojo, e));
    work.put("edge_compact_round_trip", roundTrips(ObservationEventSerializer.INSTANCE, e));
    return work;
  }

  private static Runnable repeat(Runnable one) {
    return () -> {
      for (int i = 0; i < PER_CALL; i++) {
        one.run();
      }
    };
  }

  private static Runnable roundTrips(TypeSerializer<ObservationEvent> s, ObservationEvent e) {
    DataOutputSerializer out = new DataOutputSerializer(256);
    DataInputDeserializer in = new DataInputDeserializer();
    return () -> {
      try {
        for (int i = 0; i < PER_CALL; i++) {
          out.clear();
          s.serialize(e, out);
          in.setBuffer(out.getSharedBuffer(), 0, out.length());
          s.deserialize(in);
        }
      } catch (IOException x) {
        throw new UncheckedIOException(x);
      }
    };
  }
}
