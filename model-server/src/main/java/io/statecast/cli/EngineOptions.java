package io.statecast.cli;

import io.statecast.cell.Engine;
import io.statecast.cell.EngineKind;
import picocli.CommandLine.Option;

/**
 * The engine options of every command that steps a model ({@code job}, {@code demo}, {@code serve},
 * {@code model step}, {@code bench}): a picocli mixin, so each option has one name, one default and
 * one description everywhere. {@link #engine()} validates them into an {@link Engine}.
 */
public final class EngineOptions {

  @Option(
      names = "--engine",
      defaultValue = "FAST",
      description =
          "fast (pure-Java Vector API kernel; needs the JVM option"
              + " --add-modules=jdk.incubator.vector, which the launcher passes), djl (PyTorch via"
              + " DJL; a GPU with --gpu) or reference (plain double precision; slow) (default:"
              + " fast).")
  EngineKind kind = EngineKind.FAST;

  @Option(
      names = "--kernel-threads",
      defaultValue = "1",
      description =
          "Intra-op threads of each kernel, the fast kernel's or PyTorch's (default:"
              + " ${DEFAULT-VALUE}).")
  int threads = 1;

  @Option(names = "--gpu", description = "Step on a GPU (djl engine, cuda build).")
  boolean gpu;

  /** The engine these options name. */
  public Engine engine() {
    return new Engine(kind, threads, gpu);
  }
}
