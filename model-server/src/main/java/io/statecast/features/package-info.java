/**
 * From an {@link io.statecast.avro.Observation} to the model's input vector {@code x}, and from the
 * model's output back to the target's units: the one place where serving, training and evaluation
 * turn events into numbers, so that what is trained is what is served.
 */
package io.statecast.features;
