package com.chatcrm.engine.schedule;

import com.chatcrm.engine.port.Notification;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a manager's daily report (日报) says: the team's day as a notification, or empty when the user
 * manages nobody. The scheduler decides when and gives it its dedupe key.
 */
public interface DailyReportContent {

  Future<Optional<Notification>> render(long tenantId, long managerId, LocalDate day);

  /** The summary of the week starting on {@code monday}; none unless the content offers one. */
  default Future<Optional<Notification>> renderWeek(
      long tenantId, long managerId, LocalDate monday) {
    return Future.succeededFuture(Optional.empty());
  }
}
