/**
 * The model registry: models by id and version on local disk, each version a verified copy of a
 * {@link io.statecast.artifact.ModelArtifact}, and the model's lifecycle (upload, promote, retire).
 *
 * <p>Layout under the registry root:
 *
 * <pre>
 * root/
 *   .lock                          held while a process changes the registry
 *   .incoming/                     uploads being unpacked and verified
 *   &lt;id&gt;/registry.json            the model's record (versions, serving version, promotions)
 *   &lt;id&gt;/versions/&lt;v&gt;/            the verified artifact of version v
 * </pre>
 *
 * <p>Promoting a version publishes a {@link io.statecast.avro.ModelUpdate} through a {@link
 * io.statecast.registry.ModelUpdatePublisher}: on Kafka's {@code model-updates} topic in
 * production, where the streaming job picks it up and switches models without a restart.
 */
package io.statecast.registry;
