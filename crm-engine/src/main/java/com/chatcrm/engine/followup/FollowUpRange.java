package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.InvalidInput;
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
 * The follow-ups happened in a period on the customers the actor may see (those whose timeline the
 * actor may open), for the whole of them or one customer, in keyset pages: what an export writes
 * page by page without ever holding all of them.
 */
public final class FollowUpRange {

  public static final int MAX_PAGE = 500;

  /** One page; {@code next} is null on the last one. */
  public record Page(List<FollowUp> items, Cursor next) {}

  /** Where a page ends: the last follow-up's author, time and id. */
  public record Cursor(long authorId, Instant happenedAt, long id) {}

  // $1 tenant, $2 admin, $3 visible owners, $4 user, $5 from, $6 to, $7 customer or null; a
  // customer is seen as CustomerRules.canRead sees it (a pool customer by everyone)
  private static final String WHERE =
      " WHERE f.tenant_id = $1 AND f.deleted_at IS NULL AND c.deleted_at IS NULL"
          + " AND f.happened_at >= $5 AND f.happened_at < $6"
          + " AND ($7::bigint IS NULL OR f.customer_id = $7)"
          + " AND ($2 OR c.in_pool OR c.owner_id = ANY($3) OR EXISTS (SELECT 1 FROM customer_collaborator cc"
          + " WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id AND cc.user_id = $4))";

  /**
   * By author, then time: the order of follow_up_author_idx, so that each page of an admin's export
   * goes on where the index scan of the last one stopped instead of sorting the period again.
   */
  static final String PAGE =
      FollowUpSql.SELECT
          + WHERE
          + " AND ($8::bigint IS NULL OR (f.author_id, f.happened_at, f.id) > ($8, $9, $10))"
          + " AND (NOT $12 OR f.author_id = $4)"
          + " ORDER BY f.author_id, f.happened_at, f.id LIMIT $11";

  private final Pool pool;

  public FollowUpRange(Pool pool) {
    this.pool = pool;
  }

  /**
   * Which follow-ups: when they happened, {@code [from, to)}, and on which of the actor's
   * customers.
   */
  public record Range(Instant from, Instant to, Long customerId, boolean mine) {}

  /**
   * The page after {@code after} (null: the first) of the follow-ups of {@code range}: {@code
   * customerId} narrows them to one customer (one the actor may not see gives none), {@code mine}
   * to those the actor wrote.
   */
  public Future<Page> page(Actor actor, Range range, Cursor after, int limit) {
    Instant from = range.from();
    Instant to = range.to();
    if (from == null || to == null || !from.isBefore(to)) {
      return Future.failedFuture(InvalidInput.field("to", "结束日期不能早于开始日期"));
    }
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    return AccessResolver.resolve(pool, actor).compose(a -> read(a, range, after, n));
  }

  private Future<Page> read(Access access, Range range, Cursor after, int n) {
    Tuple args =
        Tuple.from(
            new Object[] {
              access.tenantId(),
              access.seesEverything(),
              access.visibleOwnerArray(),
              access.userId(),
              utc(range.from()),
              utc(range.to()),
              range.customerId(),
              after == null ? null : after.authorId(),
              after == null ? null : utc(after.happenedAt()),
              after == null ? null : after.id(),
              n + 1,
              range.mine()
            });
    return pool.preparedQuery(PAGE)
        .execute(args)
        .map(
            rows -> {
              List<FollowUp> items = new ArrayList<>();
              for (Row r : rows) {
                items.add(FollowUpService.map(r));
              }
              if (items.size() <= n) {
                return new Page(List.copyOf(items), null);
              }
              FollowUp last = items.get(n - 1);
              return new Page(
                  List.copyOf(items.subList(0, n)),
                  new Cursor(last.authorId(), last.happenedAt(), last.id()));
            });
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
