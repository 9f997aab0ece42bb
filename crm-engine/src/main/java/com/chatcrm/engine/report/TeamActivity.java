package com.chatcrm.engine.report;

import com.chatcrm.engine.report.DailyReport.FollowUps;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * What each rep in a scope did over a range of days in the tenant's time zone, counted as the 日报
 * counts a day: the report page's 团队 view.
 *
 * @param lastDay the range's last day, counted
 * @param reps the listed people, most won amount first; a rep appears even with nothing done, an
 *     admin or a manager only with something done (as on the 日报), and in scope ME the actor always
 * @param totals the sums over {@code reps}
 */
public record TeamActivity(
    PipelineScope scope,
    ZoneId zone,
    LocalDate from,
    LocalDate lastDay,
    List<RepWork> reps,
    RepWork totals) {

  /**
   * One person's work in the range.
   *
   * @param newOpportunities opportunities they own that were created in the range
   * @param wonDeals their opportunities won in the range, worth {@code wonAmount} CNY
   */
  public record RepWork(
      long userId,
      String name,
      int newCustomers,
      FollowUps followUps,
      int newOpportunities,
      int stageMoves,
      int wonDeals,
      BigDecimal wonAmount) {

    /** Whether they did anything: the 日报's rule. */
    public boolean active() {
      return followUps.total() > 0 || newCustomers > 0 || stageMoves > 0 || wonDeals > 0;
    }

    RepWork plus(RepWork o) {
      return new RepWork(
          0,
          "合计",
          newCustomers + o.newCustomers,
          followUps.plus(o.followUps),
          newOpportunities + o.newOpportunities,
          stageMoves + o.stageMoves,
          wonDeals + o.wonDeals,
          wonAmount.add(o.wonAmount));
    }

    static RepWork none() {
      return new RepWork(0, "合计", 0, FollowUps.NONE, 0, 0, 0, BigDecimal.ZERO.setScale(2));
    }
  }
}
