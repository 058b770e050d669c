package dev.msa.operator.aws;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The last attributes read of each queue, shared by everything in the process that reads queues.
 * The Microservice reconciler reads its queue at every resync anyway; a subscription checking the
 * same queue's policy can use that read instead of making its own. Entries only say what SQS
 * answered and when: a write or deletion through this process drops the entry and turns away any
 * read that started before it, so nobody is handed attributes older than our own last write.
 */
public final class QueueObservations {
  private final LongSupplier nanoTime;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** {@code observed} is empty while the queue is unread (or just written). */
  private record Entry(
      Optional<Map<String, String>> observed, long readStartedAt, long writtenAt) {}

  public QueueObservations() {
    this(System::nanoTime);
  }

  QueueObservations(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** The time to hand to {@link #read} once the read that starts now has answered. */
  long startRead() {
    return nanoTime.getAsLong();
  }

  /**
   * Records the queue's attributes from a read started at {@code startedAt}, unless a write came.
   */
  void read(String queueUrl, long startedAt, Map<String, String> attributes) {
    entries.compute(
        queueUrl,
        (url, old) -> {
          if (old != null
              && (startedAt - old.writtenAt() <= 0 || startedAt - old.readStartedAt() < 0)) {
            return old; // written since this read started, or a newer read already recorded
          }
          long writtenAt = old == null ? startedAt - 1 : old.writtenAt();
          return new Entry(Optional.of(Map.copyOf(attributes)), startedAt, writtenAt);
        });
  }

  /** The queue changed or went through this process: what was read of it no longer counts. */
  void written(String queueUrl) {
    long now = nanoTime.getAsLong();
    entries.put(queueUrl, new Entry(Optional.empty(), now, now));
  }

  /** The attributes if a read that started at most {@code maxAge} ago recorded them. */
  Optional<Map<String, String>> recent(String queueUrl, Duration maxAge) {
    Entry entry = entries.get(queueUrl);
    if (entry == null || entry.observed().isEmpty()) {
      return Optional.empty();
    }
    long age = nanoTime.getAsLong() - entry.readStartedAt();
    return age <= maxAge.toNanos() ? entry.observed() : Optional.empty();
  }
}
