package com.chatcrm.engine.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread on a Vert.x future, the one place tests do so. */
public final class Await {

  /** Long enough for a cold pool on a busy machine; a hung future still fails the test. */
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  private Await() {}

  /**
   * The future's result within {@link #DEFAULT}; a failure is thrown as its own exception, not
   * wrapped.
   */
  public static <T> T await(Future<T> future) {
    return await(future, DEFAULT);
  }

  /**
   * The future's result within {@code within}; a failure is thrown as its own exception, not
   * wrapped.
   */
  public static <T> T await(Future<T> future, Duration within) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // tests assert on the service's own exception (Forbidden, PlatformError...), so unwrap it
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + within.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
