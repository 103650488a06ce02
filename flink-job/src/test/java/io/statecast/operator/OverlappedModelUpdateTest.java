package io.statecast.operator;

/**
 * {@link ModelUpdateTest} with every flush stepped on the kernel thread: a switch drains the batch
 * in flight with the old model first, and re-warming queues a key's recent observations while its
 * earlier events may still be in flight (batches of 5 with a depth of 3 flush in the middle of it).
 */
class OverlappedModelUpdateTest extends ModelUpdateTest {

  @Override
  boolean overlapSteps() {
    return true;
  }
}
