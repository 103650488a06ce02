/**
 * The model server: HTTP APIs over the {@linkplain io.statecast.registry registry}.
 *
 * <ul>
 *   <li>The Open Inference Protocol (KServe v2) for a stateless forecast from a window of
 *       observations ({@link io.statecast.serve.InferenceRoutes});
 *   <li>stateful per-key stepping, like a sequence batcher: the server keeps each key's LSTM state
 *       and batches concurrent requests of many keys into one kernel step ({@link
 *       io.statecast.serve.SequenceBatcher}, {@link io.statecast.serve.SequenceRoutes});
 *   <li>the registry's lifecycle over HTTP ({@link io.statecast.serve.RegistryRoutes});
 *   <li>health, readiness and Prometheus metrics ({@link io.statecast.serve.HealthRoutes}).
 * </ul>
 *
 * <p>A quantile head's model answers the median as its forecast and its central intervals beside it
 * in both APIs ({@link io.statecast.serve.HeadOutputs}, {@link
 * io.statecast.serve.InferenceOutputs}).
 *
 * <p>Every failure a client can cause is a 4xx with a JSON body {@code {"error": "..."}}; no stack
 * trace ever reaches a response. Writes need a bearer token, reads optionally; TLS, body-size and
 * per-client rate limits are configuration ({@link io.statecast.serve.ServerConfig}).
 */
package io.statecast.serve;
