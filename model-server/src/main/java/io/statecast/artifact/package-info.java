/**
 * The model artifact: a directory holding {@code model.json} (the {@link
 * io.statecast.model.ModelSpec}), the weights in a data-only format (safetensors or NumPy {@code
 * .npz}), any extra files the model carries, and {@code manifest.sha256} with the SHA-256 of every
 * one of them (the format of {@code sha256sum}, so that {@code sha256sum -c} checks it too). See
 * {@code docs/model-format.md}.
 *
 * <p>{@link io.statecast.artifact.ModelArtifact#load} verifies the {@link
 * io.statecast.artifact.Manifest} before it parses anything, reads {@code model.json} strictly
 * ({@link io.statecast.artifact.SpecJson}: an unknown field is an error, since a typo must not
 * silently give a different model) and checks the weights against the spec, so that a model altered
 * or corrupted on its way is refused before any of it is used; a file that is not listed is never
 * read. {@link io.statecast.artifact.ModelArtifact#write} writes under a temporary name and renames
 * at the end, so that a reader never sees half an artifact. A load that fails throws an {@link
 * io.statecast.artifact.ArtifactException} naming the file and what is wrong.
 */
package io.statecast.artifact;
