package com.chatcrm.engine.contract;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.ReminderService;
import com.chatcrm.engine.report.Yuan;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * When and what the owner is reminded of: each instalment three days before it is due, and the
 * renewal (续约) thirty days before the period ends, at 09:00 in the tenant's time zone.
 */
public final class CollectionReminders {

  static final int DAYS_BEFORE_DUE = 3;
  static final int DAYS_BEFORE_END = 30;
  static final LocalTime AT = LocalTime.of(9, 0);
  static final int SOON_SECONDS = 10;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

  private CollectionReminders() {}

  /**
   * Three days before at 09:00; when that has passed but the due day has not, at once (in ten
   * seconds); nothing for a due day already gone (the overdue pass speaks for it).
   */
  static Optional<Instant> beforeDue(LocalDate due, ZoneId zone, Instant now) {
    return ahead(due, DAYS_BEFORE_DUE, zone, now);
  }

  static Optional<Instant> beforeEnd(LocalDate end, ZoneId zone, Instant now) {
    return ahead(end, DAYS_BEFORE_END, zone, now);
  }

  private static Optional<Instant> ahead(LocalDate day, int daysBefore, ZoneId zone, Instant now) {
    if (day.isBefore(now.atZone(zone).toLocalDate())) {
      return Optional.empty();
    }
    Instant at = day.minusDays(daysBefore).atTime(AT).atZone(zone).toInstant();
    return Optional.of(at.isAfter(now) ? at : now.plusSeconds(SOON_SECONDS));
  }

  /** A reminder to the contract's owner about its customer, in the caller's transaction. */
  static Future<Long> create(
      ReminderService reminders, SqlClient tx, Access access, Contract k, Instant at, String text) {
    return reminders
        .createInTransaction(
            tx,
            access,
            NewReminder.at(at, text).forOwner(k.ownerId()).aboutCustomer(k.customerId()),
            null)
        .map(r -> r.id());
  }

  /** How the reminders of a contract's instalments and of its end start: their cards go by it. */
  public static final String DUE_PREFIX = "回款提醒：";

  public static final String RENEWAL_PREFIX = "续约提醒：";

  static String dueText(String customer, String number, Instalment i) {
    return DUE_PREFIX
        + "%s 合同 %s 第%d期 %s 将于 %s 到期"
            .formatted(customer, number, i.seq(), Yuan.format(i.amount()), DAY.format(i.dueOn()));
  }

  static String renewalText(String customer, String number, LocalDate end) {
    return RENEWAL_PREFIX + "%s 合同 %s 将于 %s 到期，记得沟通续约".formatted(customer, number, DAY.format(end));
  }
}
