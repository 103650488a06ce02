/**
 * Live model upgrades of the running job: the model and batcher the operator serves ({@link
 * io.statecast.upgrade.ModelHolder}), the chain of models it has served since it started ({@link
 * io.statecast.upgrade.ModelChain} of {@link io.statecast.upgrade.ModelSwitch}es, in broadcast
 * state), and the verdict on each update ({@link io.statecast.upgrade.UpdateJudge}: ignored,
 * refused with a reason, or accepted with its verified artifact).
 */
package io.statecast.upgrade;
