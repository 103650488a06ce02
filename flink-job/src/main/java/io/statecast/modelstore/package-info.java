/**
 * Model artifacts read through Flink's file systems ({@link org.apache.flink.core.fs.FileSystem}),
 * so that the job's model and the artifacts its live model updates name can live on any store a
 * Flink file system plugin reaches ({@code s3://}, {@code gs://}, {@code abfss://}, {@code
 * hdfs://}, …) as well as on a local or shared volume.
 *
 * <p>A location is a URI with a scheme, or a plain local path ({@link
 * io.statecast.modelstore.ModelLocation}). {@link io.statecast.modelstore.FileSystemArtifactSource}
 * hands the artifact's files to {@link io.statecast.artifact.ModelArtifact#load(
 * io.statecast.artifact.ArtifactSource)}, which verifies them against the manifest exactly as for a
 * local directory. {@link io.statecast.modelstore.ModelStore} tells a store that does not answer
 * (retried with capped exponential back-off, for a bounded time) from an artifact that is wrong
 * (missing, altered, not a model; never retried), so that an outage is never mistaken for a bad
 * artifact. A scheme no installed file system serves is a permanent error that names the plugin to
 * add.
 */
package io.statecast.modelstore;
