package io.statecast.cell;

import io.statecast.model.ModelWeights;
import java.io.Serializable;

/**
 * Makes the kernels that step a model's weights. {@link Engine} is the one implementation that
 * production code uses (the job's operator, the model server, {@code statecast model step}); it is
 * serializable because the job ships it to its TaskManagers inside the operator's configuration.
 */
@FunctionalInterface
public interface KernelFactory extends Serializable {

  /** A new kernel for {@code weights}; the caller closes it. */
  StepKernel create(ModelWeights weights);
}
