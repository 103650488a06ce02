package io.statecast.cli;

import io.statecast.data.LoadedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The data file a command reads ({@code train}, {@code evaluate}): a picocli mixin. */
final class DataOptions {

  @Option(names = "--data", required = true, description = "The data file (.csv or .avro).")
  Path data;

  @Option(names = "--strict", description = "Fail on the first bad row instead of skipping it.")
  boolean strict;

  /** Reads the data, telling {@code out} about the rows that were skipped. */
  LoadedData read(PrintWriter out) throws IOException {
    return DataSupport.read(data, strict, out);
  }
}
