package com.chatcrm.engine.report;

import com.chatcrm.engine.customer.CustomerLevel;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * The data of a manager's 日报 for one day in the tenant's time zone: what each rep of the team did,
 * who did nothing, and which customers are about to fall back to the pool (公海).
 *
 * @param reps every rep in scope, most follow-ups first
 * @param inactiveReps the reps in scope with no follow-up, new customer, stage move or won deal
 *     that day
 * @param aboutToReclaim the customers about to fall back, soonest first, at most {@link
 *     #MAX_RECLAIM_LISTED}; {@link Totals#aboutToReclaim()} counts them all
 */
public record DailyReport(
    long tenantId,
    LocalDate day,
    ZoneId timeZone,
    OffsetDateTime from,
    OffsetDateTime to,
    Scope scope,
    List<RepActivity> reps,
    List<Rep> inactiveReps,
    List<ReclaimWarning> aboutToReclaim,
    Totals totals) {

  /** A report lists this many customers about to fall back at most; a chat card shows far fewer. */
  public static final int MAX_RECLAIM_LISTED = 500;

  /** Whose work the report covers. */
  public enum Scope {
    /** The department subtrees the manager manages. */
    TEAM,
    /** The whole company: the report of an admin. */
    TENANT
  }

  /** A member of the team. */
  public record Rep(long userId, String name) {}

  /** Follow-ups counted by method (电话 / 拜访 / 微信 / 邮件 / 会议 / 其他). */
  public record FollowUps(int call, int visit, int wechat, int email, int meeting, int other) {

    public static final FollowUps NONE = new FollowUps(0, 0, 0, 0, 0, 0);

    public int total() {
      return call + visit + wechat + email + meeting + other;
    }

    FollowUps plus(FollowUps o) {
      return new FollowUps(
          call + o.call,
          visit + o.visit,
          wechat + o.wechat,
          email + o.email,
          meeting + o.meeting,
          other + o.other);
    }
  }

  /**
   * One rep's day.
   *
   * @param newCustomers customers the rep created that day (and did not delete)
   * @param stageMoves moves of an opportunity from one stage to another made by the rep (creations
   *     do not count)
   * @param wonDeals the rep's opportunities closed as won that day, worth {@code wonAmount} CNY
   * @param overdueReminders the rep's reminders due before the end of the day and still pending or
   *     snoozed
   * @param aboutToReclaim the rep's customers about to fall back to the pool
   */
  public record RepActivity(
      long userId,
      String name,
      FollowUps followUps,
      int newCustomers,
      int stageMoves,
      int wonDeals,
      BigDecimal wonAmount,
      int overdueReminders,
      int aboutToReclaim) {

    /** Whether the rep did anything that day; overdue reminders and warnings are not work done. */
    public boolean active() {
      return followUps.total() > 0 || newCustomers > 0 || stageMoves > 0 || wonDeals > 0;
    }
  }

  /**
   * A private customer that returns to the pool at {@code reclaimAt} unless someone follows it up.
   *
   * @param lastActivityAt the last follow-up, or the creation when there was none
   * @param daysLeft days from the report's day to the day of {@code reclaimAt}; 0 means that very
   *     day
   */
  public record ReclaimWarning(
      long customerId,
      String customerName,
      CustomerLevel level,
      long ownerId,
      String ownerName,
      OffsetDateTime lastActivityAt,
      OffsetDateTime reclaimAt,
      int daysLeft) {}

  /** The team's sums. */
  public record Totals(
      FollowUps followUps,
      int newCustomers,
      int stageMoves,
      int wonDeals,
      BigDecimal wonAmount,
      int overdueReminders,
      int activeReps,
      int inactiveReps,
      int aboutToReclaim) {}
}
