package io.statecast.bench;

import io.statecast.avro.Observation;
import io.statecast.testing.traffic.ObservationFeed;

/** The first {@code limit} observations of another feed. */
final class BoundedFeed implements ObservationFeed {

  private final ObservationFeed feed;
  private final long limit;
  private long sent;

  BoundedFeed(ObservationFeed feed, long limit) {
    this.feed = feed;
    this.limit = limit;
  }

  @Override
  public boolean hasNext() {
    return sent < limit && feed.hasNext();
  }

  @Override
  public Observation next() {
    sent++;
    return feed.next();
  }

  @Override
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%,d of %s", limit, feed.describe());
  }

  @Override
  public long size() {
    return limit;
  }
}
