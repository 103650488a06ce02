package io.statecast.upgrade;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.model.StateLayout;
import java.net.URI;
import java.nio.file.Path;

/**
 * Decides what a model update does to a running job: ignored (another model's, or what is already
 * served), refused with a reason (the artifact is missing, altered or has no head; {@code keep}
 * across different state shapes; {@code rewarm} without recent observations kept), or accepted with
 * its verified artifact. A refused update changes nothing: the current model goes on serving.
 */
public final class UpdateJudge {

  /** The verdict: exactly one of the three. */
  public record Verdict(ModelArtifact accepted, String refused, String ignored) {
    static Verdict accept(ModelArtifact a) {
      return new Verdict(a, null, null);
    }

    static Verdict refuse(String reason) {
      return new Verdict(null, reason, null);
    }

    static Verdict ignore(String reason) {
      return new Verdict(null, null, reason);
    }
  }

  private UpdateJudge() {}

  static Verdict judge(
      ModelUpdate u, ModelSwitch current, StateLayout currentLayout, int rewarmDepth) {
    if (!u.getModelId().equals(current.modelId)) {
      return Verdict.ignore(
          "update of model '" + u.getModelId() + "'; this job serves '" + current.modelId + "'");
    }
    if (u.getVersion() == current.version && u.getManifestSha256().equals(current.manifestSha256)) {
      return Verdict.ignore("version " + u.getVersion() + " is already served");
    }
    if (u.getPolicy() == StatePolicy.REWARM && rewarmDepth <= 0) {
      return Verdict.refuse(
          "policy rewarm needs each key's recent observations, and this job keeps"
              + " none (start it with a rewarm depth > 0)");
    }
    ModelArtifact a;
    try {
      a = ModelArtifact.load(path(u.getArtifactUri()));
    } catch (ArtifactException | RuntimeException e) {
      return Verdict.refuse("cannot load " + u.getArtifactUri() + ": " + e.getMessage());
    }
    if (!a.manifestSha256().equals(u.getManifestSha256())) {
      return Verdict.refuse(
          u.getArtifactUri()
              + " has manifest SHA-256 "
              + a.manifestSha256()
              + ", not the promoted "
              + u.getManifestSha256());
    }
    if (!a.spec().id().equals(u.getModelId()) || a.spec().version() != u.getVersion()) {
      return Verdict.refuse(
          u.getArtifactUri()
              + " holds "
              + a.spec().id()
              + " v"
              + a.spec().version()
              + ", not "
              + u.getModelId()
              + " v"
              + u.getVersion());
    }
    if (!a.spec().head().present()) {
      return Verdict.refuse(u.getArtifactUri() + " has no head (horizon 0): it cannot forecast");
    }
    StateLayout next = a.spec().stateLayout();
    if (u.getPolicy() == StatePolicy.KEEP && !next.equals(currentLayout)) {
      return Verdict.refuse(
          "policy keep needs the same state shape, but the served model has "
              + describe(currentLayout)
              + " and v"
              + u.getVersion()
              + " has "
              + describe(next)
              + "; promote it with reset or rewarm");
    }
    return Verdict.accept(a);
  }

  private static Path path(String uri) {
    return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
  }

  private static String describe(StateLayout l) {
    return "layers="
        + l.layers()
        + " R="
        + l.outputSize()
        + " H="
        + l.hidden()
        + " window="
        + l.window();
  }
}
