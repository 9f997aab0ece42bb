package com.chatcrm.engine.pool;

import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;

/**
 * A tenant's pool rule: after how many days without activity a private customer of each level
 * returns to the pool (null = never), how many days before that its owner is warned, and how many
 * customers a rep may hold and claim per day (null = unlimited).
 */
public record PoolRules(
    Integer reclaimDaysPotential,
    Integer reclaimDaysIntent,
    Integer reclaimDaysDeal,
    Integer reclaimDaysLost,
    int warnDaysBefore,
    Integer maxPrivate,
    Integer maxClaimsPerDay) {

  /** Upper bound for every number, only to catch typos such as 300000 days. */
  static final int MAX_VALUE = 100_000;

  /** What a tenant without a rule row gets: nothing is reclaimed, nothing is limited. */
  public static final PoolRules NONE = new PoolRules(null, null, null, null, 3, null, null);

  /**
   * The rule a new tenant starts with (see TenantService): 潜在 30 days, 意向 60, warn 3 days before.
   */
  public static PoolRules defaults() {
    return new PoolRules(30, 60, null, null, 3, 200, 20);
  }

  /**
   * The reclaim period of a level in days, or null when customers of that level are never
   * reclaimed.
   */
  public Integer reclaimDays(CustomerLevel level) {
    return switch (level) {
      case POTENTIAL -> reclaimDaysPotential;
      case INTENT -> reclaimDaysIntent;
      case DEAL -> reclaimDaysDeal;
      case LOST -> reclaimDaysLost;
    };
  }

  public PoolRules withReclaimDays(CustomerLevel level, Integer days) {
    return new PoolRules(
        level == CustomerLevel.POTENTIAL ? days : reclaimDaysPotential,
        level == CustomerLevel.INTENT ? days : reclaimDaysIntent,
        level == CustomerLevel.DEAL ? days : reclaimDaysDeal,
        level == CustomerLevel.LOST ? days : reclaimDaysLost,
        warnDaysBefore,
        maxPrivate,
        maxClaimsPerDay);
  }

  public PoolRules withWarnDaysBefore(int days) {
    return new PoolRules(
        reclaimDaysPotential,
        reclaimDaysIntent,
        reclaimDaysDeal,
        reclaimDaysLost,
        days,
        maxPrivate,
        maxClaimsPerDay);
  }

  public PoolRules withMaxPrivate(Integer max) {
    return new PoolRules(
        reclaimDaysPotential,
        reclaimDaysIntent,
        reclaimDaysDeal,
        reclaimDaysLost,
        warnDaysBefore,
        max,
        maxClaimsPerDay);
  }

  public PoolRules withMaxClaimsPerDay(Integer max) {
    return new PoolRules(
        reclaimDaysPotential,
        reclaimDaysIntent,
        reclaimDaysDeal,
        reclaimDaysLost,
        warnDaysBefore,
        maxPrivate,
        max);
  }

  /** Refuses a rule an admin cannot have meant, naming the field. */
  PoolRules validate() {
    for (CustomerLevel level : CustomerLevel.values()) {
      positiveOrNull(reclaimDays(level), field(level), level.label() + "客户的回收天数");
    }
    if (warnDaysBefore < 0 || warnDaysBefore > MAX_VALUE) {
      throw InvalidInput.field(
          "warnDaysBefore", "提前提醒天数必须在 0 到 " + MAX_VALUE + " 之间，当前为 " + warnDaysBefore);
    }
    Integer shortest =
        Stream.of(CustomerLevel.values())
            .map(this::reclaimDays)
            .filter(d -> d != null)
            .min(Integer::compare)
            .orElse(null);
    if (shortest != null && warnDaysBefore >= shortest) {
      // a warning as long as the period itself would be sent on the day of the claim
      throw InvalidInput.field(
          "warnDaysBefore", "提前提醒天数（" + warnDaysBefore + "）必须小于最短的回收天数（" + shortest + "）");
    }
    positiveOrNull(maxPrivate, "maxPrivate", "私有客户上限");
    positiveOrNull(maxClaimsPerDay, "maxClaimsPerDay", "每日领取上限");
    return this;
  }

  /** The rule as audit and API fields. */
  JsonObject toJson() {
    return new JsonObject()
        .put("reclaimDaysPotential", reclaimDaysPotential)
        .put("reclaimDaysIntent", reclaimDaysIntent)
        .put("reclaimDaysDeal", reclaimDaysDeal)
        .put("reclaimDaysLost", reclaimDaysLost)
        .put("warnDaysBefore", warnDaysBefore)
        .put("maxPrivate", maxPrivate)
        .put("maxClaimsPerDay", maxClaimsPerDay);
  }

  static String field(CustomerLevel level) {
    return switch (level) {
      case POTENTIAL -> "reclaimDaysPotential";
      case INTENT -> "reclaimDaysIntent";
      case DEAL -> "reclaimDaysDeal";
      case LOST -> "reclaimDaysLost";
    };
  }

  private static void positiveOrNull(Integer value, String field, String what) {
    if (value != null && (value <= 0 || value > MAX_VALUE)) {
      throw InvalidInput.field(field, what + "必须在 1 到 " + MAX_VALUE + " 之间（不限制请留空），当前为 " + value);
    }
  }
}
