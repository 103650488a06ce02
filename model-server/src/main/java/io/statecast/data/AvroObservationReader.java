package io.statecast.data;

import io.statecast.avro.Observation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Reads an Avro object container file of {@link Observation} records ({@code .avro}), the form in
 * which events are archived from Kafka. The file's own (writer) schema is resolved against the
 * current {@code Observation} schema by Avro's schema resolution, so files written by older or
 * newer producers read as long as the schemas are compatible. The container format, not the
 * single-object wire encoding of {@link io.statecast.wire.WireCodec}, is used because a file of
 * many records carries its schema once in its header.
 *
 * <p>Records without a key or a finite target, with non-finite features, or out of time order are
 * bad rows, numbered by their 1-based position in the file. Positional feature names are {@code f0,
 * f1, …}.
 */
public final class AvroObservationReader {

  private AvroObservationReader() {}

  /** Reads a container file. */
  public static LoadedData read(Path file, boolean strict) throws IOException {
    SeriesCollector collector = new SeriesCollector(file, "record", strict);
    int width = 0;
    try (DataFileReader<Observation> in =
        new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(Observation.class))) {
      long n = 0;
      while (in.hasNext()) {
        n++;
        Observation o;
        try {
          o = in.next();
        } catch (AvroRuntimeException e) {
          throw new BadDataException(file + ": record " + n + " is corrupt: " + e.getMessage(), e);
        }
        width = Math.max(width, o.getFeatures().size());
        collector.add(n, o);
      }
    } catch (IOException e) {
      if (e instanceof BadDataException) {
        throw e;
      }
      throw new BadDataException(file + ": not an Avro Observation file: " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      names.add("f" + i);
    }
    return collector.finish(names);
  }

  /** Writes observations to a container file (deflate level 6), e.g. to archive a CSV. */
  public static void write(Path file, Iterable<Observation> observations) throws IOException {
    try (DataFileWriter<Observation> out =
        new DataFileWriter<>(new SpecificDatumWriter<>(Observation.class))) {
      out.setCodec(org.apache.avro.file.CodecFactory.deflateCodec(6));
      out.create(Observation.getClassSchema(), file.toFile());
      for (Observation o : observations) {
        out.append(o);
      }
    }
  }
}
