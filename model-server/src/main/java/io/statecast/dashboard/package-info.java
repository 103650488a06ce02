/**
 * The real-time dashboard of the model server: a live page of the running job's stream.
 *
 * <ul>
 *   <li>per key: the actual series, the one-step forecasts and the latest horizon, the error, the
 *       model version ({@link io.statecast.dashboard.KeySeries});
 *   <li>for the stream: events/s, forecasts/s, end-to-end latency percentiles, dead letters and
 *       late events by kind ({@link io.statecast.dashboard.DashboardState});
 *   <li>for the model: histograms of the input and forget gates of a deterministic sample of keys,
 *       re-stepped through the serving model ({@link io.statecast.dashboard.GateSampler}).
 * </ul>
 *
 * <p>{@link io.statecast.dashboard.DashboardService} starts it; its routes mount on the {@link
 * io.statecast.serve.StatecastServer} under {@code /dashboard}, and push changes to the page with
 * server-sent events. Everything it keeps is bounded ({@link
 * io.statecast.dashboard.DashboardLimits}).
 */
package io.statecast.dashboard;
