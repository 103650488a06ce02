package io.statecast.upgrade;

import io.statecast.artifact.ArtifactException;
import io.statecast.artifact.ArtifactUnavailableException;
import io.statecast.artifact.ModelArtifact;
import io.statecast.avro.ModelUpdate;
import io.statecast.avro.StatePolicy;
import io.statecast.model.StateLayout;
import io.statecast.modelstore.ModelStore;

/**
 * Decides what a model update does to a running job: ignored (another model's, or what is already
 * served), refused with a reason (the artifact is missing, altered or has no head; {@code keep}
 * across different state shapes; {@code rewarm} without recent observations kept), or accepted with
 * its verified artifact. A refused update changes nothing: the current model goes on serving. An
 * artifact whose store does not answer gets no verdict: the store is not the update's fault, so the
 * update is neither refused nor dropped (see {@link ModelStore}).
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

  /**
   * The verdict on {@code u}, its artifact read from {@code store}.
   *
   * @throws ArtifactUnavailableException when the artifact could not be read because its store did
   *     not answer ({@link ModelStore}): no verdict, since nothing is known about the artifact
   */
  static Verdict judge(
      ModelUpdate u,
      ModelSwitch current,
      StateLayout currentLayout,
      int rewarmDepth,
      ModelStore store)
      throws ArtifactUnavailableException {
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
      a = store.load(u.getArtifactUri());
    } catch (ArtifactUnavailableException e) {
      throw e;
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

  private static String describe(StateLayout l) {
    return "layers="
        + l.layers()
        + " R="
        + l.outputSize()
        + " H="
        + l.hidden()
        + " window="
        + l.window()
        + (l.span() == 0 ? "" : " span=" + l.span());
  }
}
