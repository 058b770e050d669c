package dev.msa.operator.aws;

/**
 * Which of the AWS calls waiting on a spent rate limit goes first: the lowest number. A reconcile
 * sets it for the calls it makes on its own thread (the SDK's synchronous clients run the rate
 * limiter on the caller's thread, retries included). The reconcilers give an object that is still
 * being provisioned the time it was created, so that in a burst the first applied are the first to
 * finish rather than all finishing late, and they give the re-reads of objects already Ready
 * (resyncs, a restart) {@link #BACKGROUND}, so that those wait behind every create.
 */
public final class AwsCallPriority {
  /** Re-reads of what is already Ready, and calls made outside a reconcile. */
  public static final long BACKGROUND = Long.MAX_VALUE;

  private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

  private AwsCallPriority() {}

  /** Sets the priority of this thread's AWS calls until the scope closes. */
  public static Scope enter(long priority) {
    Scope scope = new Scope(CURRENT.get());
    CURRENT.set(priority);
    return scope;
  }

  /** This thread's priority: {@link #BACKGROUND} outside any scope. */
  public static long current() {
    Long priority = CURRENT.get();
    return priority == null ? BACKGROUND : priority;
  }

  /** Puts back the priority that was set before it (scopes nest). */
  public static final class Scope implements AutoCloseable {
    private final Long previous;

    private Scope(Long previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
