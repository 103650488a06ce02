/**
 * The fast step kernel: the whole model in float32 on the JDK's Vector API ({@code
 * jdk.incubator.vector}), one register-blocked product per layer with the cell update fused into
 * it, no native calls and no allocation per step. Start with {@link
 * io.statecast.cell.fast.FastKernels}; the JVM needs {@code --add-modules jdk.incubator.vector}.
 */
package io.statecast.cell.fast;
