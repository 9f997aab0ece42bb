package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.InvalidInput;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * 团队拜访: the 拜访 follow-ups (checked in or written) of the people the actor sees — a rep their own, a
 * manager everyone in the departments they manage, an admin the whole company — on days of the
 * company's calendar, newest first.
 */
public final class TeamVisits {

  public static final int MAX_DAYS = 92;
  public static final int MAX_ITEMS = 500;

  /**
   * Days {@code from}..{@code to} (both included) in the company's time zone; {@code userId}
   * narrows them to one person (one the actor does not see gives none).
   */
  public record Query(LocalDate from, LocalDate to, Long userId) {}

  /** The visits, newest first; {@code more} when there were more than {@link #MAX_ITEMS}. */
  public record Result(List<FollowUp> items, boolean more) {}

  // $1 tenant, $2 admin, $3 visible people, $4 first day, $5 last day, $6 person or null, $7 limit;
  // the days are the company's: midnight in its own zone, read from the tenant row in the query
  private static final String LIST =
      FollowUpSql.SELECT
          + " JOIN tenant t ON t.tenant_id = f.tenant_id"
          + " WHERE f.tenant_id = $1 AND f.method = 'visit' AND f.deleted_at IS NULL"
          + " AND c.deleted_at IS NULL"
          + " AND f.happened_at >= ($4::date::timestamp AT TIME ZONE t.time_zone)"
          + " AND f.happened_at < (($5::date + 1)::timestamp AT TIME ZONE t.time_zone)"
          + " AND ($2 OR f.author_id = ANY($3))"
          + " AND ($6::bigint IS NULL OR f.author_id = $6)"
          + " ORDER BY f.happened_at DESC, f.id DESC LIMIT $7";

  private final Pool pool;

  TeamVisits(Pool pool) {
    this.pool = pool;
  }

  Future<Result> list(Actor actor, Query q) {
    if (q == null || q.from() == null || q.to() == null) {
      return Future.failedFuture(InvalidInput.field("from", "请指定开始和结束日期"));
    }
    if (q.to().isBefore(q.from())) {
      return Future.failedFuture(InvalidInput.field("to", "结束日期不能早于开始日期"));
    }
    if (ChronoUnit.DAYS.between(q.from(), q.to()) >= MAX_DAYS) {
      return Future.failedFuture(InvalidInput.field("to", "一次最多查看 " + MAX_DAYS + " 天的拜访"));
    }
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(LIST)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              actor.tenantId(),
                              access.seesEverything(),
                              access.visibleOwnerArray(),
                              q.from(),
                              q.to(),
                              q.userId(),
                              MAX_ITEMS + 1
                            })))
        .map(
            rows -> {
              List<FollowUp> items = new ArrayList<>();
              for (Row r : rows) {
                items.add(FollowUpService.map(r));
              }
              boolean more = items.size() > MAX_ITEMS;
              return new Result(List.copyOf(more ? items.subList(0, MAX_ITEMS) : items), more);
            });
  }
}
