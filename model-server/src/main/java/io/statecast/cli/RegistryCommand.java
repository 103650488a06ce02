package io.statecast.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.registry.AddedVersion;
import io.statecast.registry.LoggingModelUpdatePublisher;
import io.statecast.registry.ModelRecord;
import io.statecast.registry.ModelRegistry;
import io.statecast.registry.ModelUpdatePublisher;
import io.statecast.registry.RegistryException;
import io.statecast.registry.UploadLimits;
import io.statecast.registry.VersionRecord;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code statecast registry}: the model registry on a directory, without a server (the server and
 * these commands may share a directory: changes are locked and atomic).
 */
@Command(
    name = "registry",
    description = "List, describe, upload, promote and retire models in a registry directory.",
    mixinStandardHelpOptions = true,
    subcommands = {
      RegistryCommand.ListModels.class,
      RegistryCommand.Describe.class,
      RegistryCommand.Upload.class,
      RegistryCommand.Promote.class,
      RegistryCommand.Retire.class
    })
public final class RegistryCommand {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--registry",
      required = true,
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The registry directory.")
  Path registry;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  ModelRegistry open(ModelUpdatePublisher publisher) throws java.io.IOException {
    return ModelRegistry.open(registry, publisher);
  }

  /** A registry call whose failure is a user error: one line, exit code 1. */
  @FunctionalInterface
  interface Call<T> {
    T call() throws RegistryException, java.io.IOException;
  }

  static <T> T run(Call<T> c) throws java.io.IOException {
    try {
      return c.call();
    } catch (RegistryException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** {@code registry list}. */
  @Command(name = "list", description = "List models: versions and the serving one.")
  static final class ListModels implements Callable<Integer> {
    @ParentCommand RegistryCommand parent;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = parent.spec.commandLine().getOut();
      ModelRegistry r = parent.open(new LoggingModelUpdatePublisher());
      for (ModelRecord m : run(r::list)) {
        out.printf(
            "%s  serving: %s  versions: %s%n",
            m.id(),
            m.serving() == null ? "none" : "v" + m.serving(),
            m.versions().stream()
                .map(v -> "v" + v.version() + (v.retired() ? " (retired)" : ""))
                .collect(Collectors.joining(", ")));
      }
      return 0;
    }
  }

  /** {@code registry describe}. */
  @Command(name = "describe", description = "A model's record, or a version's full description.")
  static final class Describe implements Callable<Integer> {
    @ParentCommand RegistryCommand parent;

    @Option(names = "--model", required = true, description = "The model id.")
    String model;

    @Option(names = "--version", description = "A version (default: the model's record).")
    Integer version;

    @Override
    public Integer call() throws Exception {
      ModelRegistry r = parent.open(new LoggingModelUpdatePublisher());
      Object what =
          version == null ? run(() -> r.model(model)) : run(() -> r.describe(model, version));
      parent.spec.commandLine().getOut().println(JSON.writeValueAsString(what));
      return 0;
    }
  }

  /** {@code registry upload}. */
  @Command(
      name = "upload",
      description =
          "Add an artifact (a directory, or a zip, tar or tar.gz of one) as a new version; its id"
              + " and version come from its model.json.")
  static final class Upload implements Callable<Integer> {
    @ParentCommand RegistryCommand parent;

    @Option(names = "--artifact", required = true, description = "Directory or archive.")
    Path artifact;

    @Override
    public Integer call() throws Exception {
      ModelRegistry r = parent.open(new LoggingModelUpdatePublisher());
      AddedVersion a;
      if (Files.isDirectory(artifact)) {
        a = run(() -> r.add(artifact));
      } else {
        try (InputStream in = Files.newInputStream(artifact)) {
          a = run(() -> r.addArchive(in, UploadLimits.DEFAULT));
        }
      }
      parent
          .spec
          .commandLine()
          .getOut()
          .printf(
              "added %s v%d (manifest %s) at %s%n",
              a.id(), a.version().version(), a.version().manifestSha256(), a.artifactUri());
      return 0;
    }
  }

  /** {@code registry promote}. */
  @Command(
      name = "promote",
      description = "Make a version the serving one and publish a model update.")
  static final class Promote implements Callable<Integer> {
    @ParentCommand RegistryCommand parent;

    @Option(names = "--model", required = true, description = "The model id.")
    String model;

    @Option(names = "--version", required = true, description = "The version.")
    int version;

    @Option(
        names = "--policy",
        defaultValue = "KEEP",
        description = "Existing per-key states: ${COMPLETION-CANDIDATES} (default: KEEP).")
    StatePolicy policy;

    @Option(names = "--note", description = "Free text recorded with the promotion.")
    String note;

    @Mixin KafkaOptions kafka = new KafkaOptions();

    @Mixin UpdatesTopicOption updates = new UpdatesTopicOption();

    @Override
    public Integer call() throws Exception {
      try (ModelUpdatePublisher publisher = kafka.publisher(updates.topic())) {
        ModelRegistry r = parent.open(publisher);
        ModelUpdate u = run(() -> r.promote(model, version, policy, note));
        parent
            .spec
            .commandLine()
            .getOut()
            .printf(
                "promoted %s v%d (%s); update published to %s%n",
                u.getModelId(), u.getVersion(), u.getPolicy(), publisher.describe());
      }
      return 0;
    }
  }

  /** {@code registry retire}. */
  @Command(name = "retire", description = "Retire a version (kept on disk, no longer served).")
  static final class Retire implements Callable<Integer> {
    @ParentCommand RegistryCommand parent;

    @Option(names = "--model", required = true, description = "The model id.")
    String model;

    @Option(names = "--version", required = true, description = "The version.")
    int version;

    @Override
    public Integer call() throws Exception {
      ModelRegistry r = parent.open(new LoggingModelUpdatePublisher());
      VersionRecord v = run(() -> r.retire(model, version));
      parent.spec.commandLine().getOut().printf("retired %s v%d%n", model, v.version());
      return 0;
    }
  }
}
