package com.chatcrm.engine.opportunity;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Every live opportunity the actor may see ({@link OpportunityRules#canRead}, as the board reads
 * it), open, won and lost, newest first in keyset pages: what an export writes page by page.
 */
public final class OpportunityList {

  public static final int MAX_PAGE = 500;

  /** One page; {@code nextCursor} is null on the last one. */
  public record Page(List<Opportunity> items, Long nextCursor) {}

  // $1 tenant, $2 admin, $3 visible owners, $4 user, $5 only the actor's own, $6 cursor, $7 limit
  static final String PAGE =
      "SELECT "
          + OpportunitySql.COLUMNS
          + OpportunitySql.FROM
          + " WHERE o.tenant_id = $1 AND o.deleted_at IS NULL AND c.deleted_at IS NULL"
          + " AND ($2 OR o.owner_id = ANY($3)"
          + "      OR (NOT c.in_pool AND (c.owner_id = ANY($3) OR EXISTS (SELECT 1 FROM customer_collaborator cc"
          + "          WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id AND cc.user_id = $4))))"
          + " AND (NOT $5 OR o.owner_id = $4)"
          + " AND ($6::bigint IS NULL OR o.id < $6)"
          + " ORDER BY o.id DESC LIMIT $7";

  private final Pool pool;

  public OpportunityList(Pool pool) {
    this.pool = pool;
  }

  /**
   * @param mine only those the actor owns (我的商机), else all the actor sees
   * @param cursor the previous page's {@code nextCursor}, null for the first
   */
  public Future<Page> page(Actor actor, boolean mine, Long cursor, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(PAGE)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              actor.tenantId(),
                              access.seesEverything(),
                              access.visibleOwnerArray(),
                              actor.userId(),
                              mine,
                              cursor,
                              n + 1
                            })))
        .map(
            rows -> {
              List<Opportunity> items = new ArrayList<>();
              for (Row r : rows) {
                items.add(OpportunityRows.opportunity(r));
              }
              if (items.size() <= n) {
                return new Page(List.copyOf(items), null);
              }
              items.remove(n);
              return new Page(List.copyOf(items), items.get(n - 1).id());
            });
  }
}
