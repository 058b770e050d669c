package dev.msa.operator.aws;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The last attributes read of each queue, shared by everything in the process that reads queues.
 * The Microservice reconciler reads its queue at every resync anyway; a subscription checking the
 * same queue's policy can use that read instead of making its own. Entries say what SQS answered
 * and when, with this process's own successful attribute writes since folded in: SQS may answer a
 * changed attribute's old value for up to a minute after the change, so what we wrote is the better
 * knowledge. A creation, deletion or failed write through this process drops the entry; any write
 * turns away reads that started before it, so nobody is handed attributes older than our own last
 * write.
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

  /**
   * This process set {@code changed} on the queue and SQS accepted it: the last read, if there is
   * one, now holds those values (a blank value is an attribute removed). Its age stays that of the
   * read, which is the age of everything else in it.
   */
  void overwritten(String queueUrl, Map<String, String> changed) {
    long now = nanoTime.getAsLong();
    entries.compute(
        queueUrl,
        (url, old) -> {
          if (old == null || old.observed().isEmpty()) {
            return new Entry(Optional.empty(), now, now);
          }
          Map<String, String> attributes = new HashMap<>(old.observed().get());
          changed.forEach(
              (name, value) -> {
                if (value.isBlank()) {
                  attributes.remove(name);
                } else {
                  attributes.put(name, value);
                }
              });
          return new Entry(Optional.of(Map.copyOf(attributes)), old.readStartedAt(), now);
        });
  }

  /**
   * The queue went through this process in a way we cannot fold in (created, deleted, a write that
   * failed and may or may not have landed): what was read of it no longer counts.
   */
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
