package io.statecast.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.statecast.avro.StatePolicy;

/**
 * A promotion in a model's history: which version became the serving one, when, and what it asked
 * running jobs to do with existing per-key states.
 *
 * @param version the promoted version
 * @param policy the state policy of the published update
 * @param promotedAt when (ISO-8601 instant; the update's {@code publishedAt})
 * @param note free text from whoever promoted it, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Promotion(int version, StatePolicy policy, String promotedAt, String note) {}
