package dev.msa.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueObservationsTest {
  private static final String URL = "http://sqs/000000000000/orders";
  private static final Map<String, String> POLICY_A = Map.of("Policy", "a");
  private static final Map<String, String> POLICY_B = Map.of("Policy", "b");

  private final AtomicLong now = new AtomicLong(1_000);
  private final QueueObservations observations = new QueueObservations(now::get);

  @Test
  void aReadIsHandedOutUntilItIsOlderThanTheMaximumAge() {
    long started = observations.startRead();
    observations.read(URL, started, POLICY_A);

    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(observations.recent(URL, Duration.ofSeconds(30))).contains(POLICY_A);

    now.incrementAndGet();
    assertThat(observations.recent(URL, Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void nothingIsKnownOfAQueueNeverRead() {
    assertThat(observations.recent(URL, Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aWriteMakesTheNextCallerRead() {
    observations.read(URL, observations.startRead(), POLICY_A);
    now.incrementAndGet();

    observations.written(URL);

    assertThat(observations.recent(URL, Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aReadThatStartedBeforeAWriteIsNotRecorded() {
    long started = observations.startRead();
    now.incrementAndGet();
    observations.written(URL); // the write lands while the read is on its way
    now.incrementAndGet();

    observations.read(URL, started, POLICY_A);

    assertThat(observations.recent(URL, Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aReadThatStartedAfterAWriteIsRecorded() {
    observations.written(URL);
    now.incrementAndGet();

    observations.read(URL, observations.startRead(), POLICY_B);

    assertThat(observations.recent(URL, Duration.ofHours(1))).contains(POLICY_B);
  }

  @Test
  void anOlderReadAnsweringLateDoesNotReplaceANewerOne() {
    long older = observations.startRead();
    now.incrementAndGet();
    long newer = observations.startRead();
    observations.read(URL, newer, POLICY_B);

    observations.read(URL, older, POLICY_A);

    assertThat(observations.recent(URL, Duration.ofHours(1))).contains(POLICY_B);
  }

  @Test
  void ourOwnSuccessfulWriteIsFoldedIntoTheLastReadWhichKeepsItsAge() {
    observations.read(URL, observations.startRead(), Map.of("Policy", "a", "DelaySeconds", "0"));
    now.addAndGet(Duration.ofSeconds(20).toNanos());

    observations.overwritten(URL, POLICY_B);

    assertThat(observations.recent(URL, Duration.ofSeconds(20)))
        .contains(Map.of("Policy", "b", "DelaySeconds", "0"));
    now.incrementAndGet();
    assertThat(observations.recent(URL, Duration.ofSeconds(20))).isEmpty();
  }

  @Test
  void aBlankValueWrittenRemovesTheAttribute() {
    observations.read(URL, observations.startRead(), Map.of("Policy", "a", "DelaySeconds", "0"));

    observations.overwritten(URL, Map.of("Policy", ""));

    assertThat(observations.recent(URL, Duration.ofHours(1))).contains(Map.of("DelaySeconds", "0"));
  }

  @Test
  void aWriteToAQueueNotReadSinceLeavesItUnread() {
    observations.written(URL);

    observations.overwritten(URL, POLICY_B);

    assertThat(observations.recent(URL, Duration.ofHours(1))).isEmpty();
  }

  @Test
  void aReadThatStartedBeforeOurWriteDoesNotUndoIt() {
    observations.read(URL, observations.startRead(), POLICY_A);
    now.incrementAndGet();
    long started = observations.startRead();
    now.incrementAndGet();
    observations.overwritten(URL, POLICY_B); // lands while the read is on its way

    observations.read(URL, started, POLICY_A);

    assertThat(observations.recent(URL, Duration.ofHours(1))).contains(POLICY_B);
  }
}
