package com.chatcrm.engine.port;

import io.vertx.core.Future;
import java.time.Instant;

/** Pushes a notification to one user of a tenant, on the channels that user is reached by. */
public interface Notifier {

  /**
   * Queues {@code notification} for user {@code userId} of tenant {@code tenantId}; succeeds once
   * it is durably queued (not necessarily delivered). The same dedupe key pushed twice is delivered
   * once.
   */
  default Future<Void> push(long tenantId, long userId, Notification notification) {
    return push(tenantId, userId, notification, null);
  }

  /**
   * Queues it as of {@code queuedAt} (null: now). A paced push passes the instant its budget was
   * drawn on: its message is written later, by whichever node, yet a budget counted over the
   * queue's times must hold exactly, so the queue time has to be the budget's time rather than the
   * moment of the write.
   */
  Future<Void> push(long tenantId, long userId, Notification notification, Instant queuedAt);
}
