package dev.msa.operator.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polling the benches share: a condition checked every {@code poll} until it holds or the time is
 * up. A condition that throws an {@link IllegalStateException} ends the wait (the run cannot go
 * on); other exceptions count as "not yet" (an object or a port not there yet).
 */
final class BenchWaits {
  private final Duration poll;

  BenchWaits(Duration poll) {
    this.poll = poll;
  }

  void await(Duration timeout, BooleanSupplier done, String what) throws InterruptedException {
    if (!awaitQuietly(timeout, done)) {
      throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
    }
  }

  boolean awaitQuietly(Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (done.getAsBoolean()) {
          return true;
        }
      } catch (IllegalStateException e) {
        throw e;
      } catch (RuntimeException e) {
        // not yet
      }
      Thread.sleep(poll.toMillis());
    }
    return false;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
