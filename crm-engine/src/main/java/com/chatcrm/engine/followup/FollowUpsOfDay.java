package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * 团队今天的跟进 / 我昨天的跟进: the follow-ups written in a period by the actor, or by everyone whose records
 * the actor sees (a manager's subtrees; an admin's whole company), newest first.
 */
public final class FollowUpsOfDay {

  /** How many there were, and the newest of them. */
  public record Written(long total, List<FollowUp> newest) {}

  // $1 tenant, $2 admin or team-wide, $3 authors, $4 from, $5 to
  private static final String WHERE =
      " WHERE f.tenant_id = $1 AND f.deleted_at IS NULL AND c.deleted_at IS NULL"
          + " AND f.happened_at >= $4 AND f.happened_at < $5 AND ($2 OR f.author_id = ANY($3))";

  private static final String COUNT =
      "SELECT count(*) FROM follow_up f JOIN customer c ON c.tenant_id = f.tenant_id"
          + " AND c.id = f.customer_id"
          + WHERE;

  private static final String NEWEST =
      FollowUpSql.SELECT + WHERE + " ORDER BY f.happened_at DESC, f.id DESC LIMIT $6";

  private final Pool pool;

  public FollowUpsOfDay(Pool pool) {
    this.pool = pool;
  }

  /**
   * @param team everyone the actor sees, else the actor's own
   */
  public Future<Written> between(Actor actor, boolean team, Instant from, Instant to, int limit) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access -> {
              boolean all = team && access.seesEverything();
              Long[] authors = team ? access.visibleOwnerArray() : new Long[] {actor.userId()};
              Tuple args =
                  Tuple.of(
                      actor.tenantId(),
                      all,
                      authors,
                      OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                      OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
              return pool.preparedQuery(COUNT)
                  .execute(args)
                  .compose(
                      count ->
                          pool.preparedQuery(NEWEST)
                              .execute(args.addInteger(Math.max(1, Math.min(limit, 50))))
                              .map(
                                  rows -> {
                                    List<FollowUp> items = new ArrayList<>();
                                    for (Row r : rows) {
                                      items.add(FollowUpService.map(r));
                                    }
                                    return new Written(
                                        count.iterator().next().getLong(0), List.copyOf(items));
                                  }));
            });
  }
}
