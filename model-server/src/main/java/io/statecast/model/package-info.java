/**
 * What a model is, whatever steps it: the spec an artifact's {@code model.json} holds and the
 * weights checked against it. Plain data, checked when it is built (a spec by its records'
 * constructors, weights by {@link io.statecast.model.ModelWeights#bind}), so that every engine, the
 * job and the server only ever take a model known to be well formed.
 *
 * <p>{@link io.statecast.model.ModelSpec} gathers the inputs ({@link io.statecast.model.InputSpec}:
 * one {@link io.statecast.model.FeatureSpec} per position, with its {@link
 * io.statecast.model.FeatureKind} and scaling), the cell ({@link io.statecast.model.CellSpec}: a
 * {@link io.statecast.model.CellVariant}, the sizes, an optional LSTMP projection, and the gates of
 * {@link io.statecast.model.GateSpec} and {@link io.statecast.model.GateMode}), the stack ({@link
 * io.statecast.model.StackSpec}: layers and their {@link io.statecast.model.Connection}) and the
 * forecast head ({@link io.statecast.model.HeadSpec}). {@link io.statecast.model.ModelWeights}
 * binds a spec to tensors named and shaped as {@link io.statecast.model.WeightNames} lists
 * (PyTorch's {@code nn.LSTM} names, so that a model trained there is served as it is), and refuses
 * any other set with a {@link io.statecast.model.SpecMismatchException} listing every disagreement;
 * {@link io.statecast.model.LayerWeights} and {@link io.statecast.model.HeadWeights} are its views
 * of one layer and of the head. {@link io.statecast.model.StateLayout} is the packed per-key state
 * that every kernel and the job's state share; {@link io.statecast.model.RandomWeights} makes
 * reproducible initial weights and {@link io.statecast.model.StandardModels} the benchmark model of
 * the performance work.
 */
package io.statecast.model;
