package io.statecast.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Everything the registry can tell about one version: its record, where it lies, its checksums, its
 * spec, and the training report and evaluation table when the artifact carries them ({@code
 * training.json}, {@code evaluation.json}).
 *
 * @param id the model id
 * @param version the version
 * @param status {@code active} or {@code retired}
 * @param serving whether it is the promoted version
 * @param addedAt when it was uploaded
 * @param retiredAt when it was retired, or null
 * @param artifactUri the absolute {@code file:} URI of the registry's copy
 * @param manifestSha256 SHA-256 of the manifest
 * @param files SHA-256 of every file, from the manifest
 * @param parameters number of weights
 * @param spec the artifact's {@code model.json}
 * @param training the artifact's {@code training.json}, or null
 * @param evaluation the artifact's {@code evaluation.json}, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDescription(
    String id,
    int version,
    String status,
    boolean serving,
    String addedAt,
    String retiredAt,
    String artifactUri,
    String manifestSha256,
    Map<String, String> files,
    long parameters,
    JsonNode spec,
    JsonNode training,
    JsonNode evaluation) {}
