package io.statecast.registry;

import io.statecast.avro.ModelUpdate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A publisher for tests: keeps every update, or fails when told to. */
public final class RecordingPublisher implements ModelUpdatePublisher {

  public final List<ModelUpdate> updates = new CopyOnWriteArrayList<>();
  public volatile boolean failing;

  @Override
  public void publish(ModelUpdate update) throws PublishException {
    if (failing) {
      throw new PublishException("broker unreachable (test)", null);
    }
    updates.add(update);
  }

  @Override
  public String describe() {
    return "recording (test)";
  }
}
