package com.chatcrm.engine.testing;

import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A notifier that keeps what it was handed, for tests; thread-safe, shared by several "nodes". */
public final class RecordingNotifier implements Notifier {

  /** One push. */
  public record Push(long tenantId, long userId, Notification notification) {}

  private final ConcurrentLinkedQueue<Push> pushes = new ConcurrentLinkedQueue<>();
  private volatile boolean failing;

  @Override
  public Future<Void> push(
      long tenantId, long userId, Notification notification, Instant queuedAt) {
    if (failing) {
      return Future.failedFuture(new IllegalStateException("notifier down"));
    }
    pushes.add(new Push(tenantId, userId, notification));
    return Future.succeededFuture();
  }

  public List<Push> pushes() {
    return List.copyOf(pushes);
  }

  public void clear() {
    pushes.clear();
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }
}
