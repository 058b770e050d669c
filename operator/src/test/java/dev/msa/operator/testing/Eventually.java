package dev.msa.operator.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls an assertion until it passes or the time is up; the last failure is rethrown. */
public final class Eventually {
  private Eventually() {}

  public static void assertThat(Duration timeout, Runnable assertion) {
    assertThat(timeout, Duration.ofMillis(250), assertion);
  }

  /**
   * Polling every {@code interval}: for an assertion that reads much, such as a thousand objects.
   */
  public static void assertThat(Duration timeout, Duration interval, Runnable assertion) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      sleep(interval);
    }
  }

  public static <T> T get(Duration timeout, Supplier<T> supplier) {
    Object[] holder = new Object[1];
    assertThat(
        timeout,
        () -> {
          T value = supplier.get();
          if (value == null) {
            throw new AssertionError("still absent after " + timeout);
          }
          holder[0] = value;
        });
    @SuppressWarnings("unchecked")
    T value = (T) holder[0];
    return value;
  }

  public static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
