package com.chatcrm.engine.port;

import io.vertx.core.Future;

/** Pushes a notification to one user of a tenant, on the channels that user is reached by. */
public interface Notifier {

  /**
   * Queues {@code notification} for user {@code userId} of tenant {@code tenantId}; succeeds once it is
   * durably queued (not necessarily delivered). The same dedupe key pushed twice is delivered once.
   */
  Future<Void> push(long tenantId, long userId, Notification notification);
}
