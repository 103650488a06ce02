/**
 * The keyed-batch engine that the streaming operator and the model server's stateful API share:
 * rows of many keys are gathered into a {@link io.statecast.batch.KeyedBatch}, stepped in waves (a
 * key's rows one after the other, every wave one batched kernel call: gather → step → scatter) by a
 * {@link io.statecast.batch.Stepper}, with states on the host or resident on a device, through a
 * {@link io.statecast.batch.Batcher} that keeps spare batches; {@link
 * io.statecast.batch.ServingModel} is the model it steps and {@link io.statecast.batch.KeyState}
 * one key's state.
 */
package io.statecast.batch;
