package io.statecast.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.statecast.avro.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WireCodecConcurrencyTest {

  @Test
  void oneCodecSharedByThreadsDecodesEveryWriterCorrectly() throws Exception {
    WireCodec<Observation> codec =
        WireCodec.observations().withWriterSchemas(List.of(EvolvedSchemas.OBSERVATION_V0));
    List<Observation> records = new ArrayList<>();
    List<byte[]> messages = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Observation record =
          Observation.newBuilder(WireCodecRoundTripTest.fullObservation())
              .setKey("station-" + i)
              .setEventTime(i)
              .build();
      records.add(record);
      messages.add(codec.encode(record));
    }

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        Callable<Integer> decodeAll =
            () -> {
              int correct = 0;
              for (int round = 0; round < 50; round++) {
                for (int i = 0; i < messages.size(); i++) {
                  int index = (i + offset * 25) % messages.size();
                  Decoded<Observation> decoded = codec.decode(messages.get(index));
                  correct += decoded.isOk() && decoded.value().equals(records.get(index)) ? 1 : 0;
                  correct += codec.decode(new byte[] {1, 2, 3}).isOk() ? -1 : 0;
                }
              }
              return correct;
            };
        results.add(pool.submit(decodeAll));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(50 * messages.size());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
