package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.Forbidden;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists customers newest first with keyset pagination (a cursor, not an offset, so deep pages of a
 * million rows stay fast), limited to what the actor may see.
 */
public final class CustomerList {

  public static final int MAX_LIMIT = 100;

  /** An export's pages: a tenth of the round trips of a list's, and a page is still small. */
  public static final int EXPORT_PAGE = 1000;

  private final Pool pool;

  public CustomerList(Pool pool) {
    this.pool = pool;
  }

  public Future<CustomerPage> list(Actor actor, CustomerFilter filter, Long cursor, int limit) {
    return page(actor, filter, cursor, Math.max(1, Math.min(limit, MAX_LIMIT)));
  }

  /** {@link #list} in pages of {@link #EXPORT_PAGE}, for an export that reads all of them. */
  public Future<CustomerPage> exportPage(Actor actor, CustomerFilter filter, Long cursor) {
    return page(actor, filter, cursor, EXPORT_PAGE);
  }

  private Future<CustomerPage> page(Actor actor, CustomerFilter filter, Long cursor, int n) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access -> {
              if (filter.ownerId() != null && !access.seesOwner(filter.ownerId())) {
                return Future.failedFuture(
                    new Forbidden("you may not list the customers of user " + filter.ownerId()));
              }
              // $1 tenant, $2 admin, $3 owners, $4 user, $5 cursor, $6 level, $7 owner, $8 tag, $9
              // limit
              String scope = scopeSql(filter.scope());
              String sql =
                  "SELECT "
                      + CustomerSql.COLUMNS
                      + CustomerSql.FROM
                      + " WHERE c.tenant_id = $1 AND c.deleted_at IS NULL AND "
                      + scope
                      + " AND ($5::bigint IS NULL OR c.id < $5) AND ($6::text IS NULL OR c.level = $6)"
                      + " AND ($7::bigint IS NULL OR c.owner_id = $7) AND ($8::text IS NULL OR $8 = ANY(c.tags))"
                      + " ORDER BY c.id DESC LIMIT $9";
              Tuple args =
                  Tuple.from(
                      new Object[] {
                        actor.tenantId(),
                        access.seesEverything(),
                        access.visibleOwnerArray(),
                        actor.userId(),
                        cursor,
                        filter.level() == null ? null : filter.level().code(),
                        filter.ownerId(),
                        filter.tag(),
                        n + 1
                      });
              return pool.preparedQuery(sql)
                  .execute(args)
                  .map(
                      rows -> {
                        List<Customer> items = new ArrayList<>();
                        for (Row r : rows) {
                          items.add(CustomerRows.map(r));
                        }
                        Long next = null;
                        if (items.size() > n) {
                          items.remove(n);
                          next = items.get(n - 1).id();
                        }
                        return new CustomerPage(List.copyOf(items), next);
                      });
            });
  }

  /** How many customers the filter finds (我的客户有多少), counted as {@link #list} would list them. */
  public Future<Long> count(Actor actor, CustomerFilter filter) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access -> {
              if (filter.ownerId() != null && !access.seesOwner(filter.ownerId())) {
                return Future.failedFuture(
                    new Forbidden("you may not count the customers of user " + filter.ownerId()));
              }
              // $1 tenant, $2 admin, $3 owners, $4 user, $5 level, $6 owner
              return pool.preparedQuery(
                      "SELECT count(*) FROM customer c WHERE c.tenant_id = $1 AND c.deleted_at IS NULL"
                          + " AND "
                          + scopeSql(filter.scope())
                          + " AND ($5::text IS NULL OR c.level = $5)"
                          + " AND ($6::bigint IS NULL OR c.owner_id = $6)")
                  .execute(
                      Tuple.of(
                          actor.tenantId(),
                          access.seesEverything(),
                          access.visibleOwnerArray(),
                          actor.userId(),
                          filter.level() == null ? null : filter.level().code(),
                          filter.ownerId()))
                  .map(rows -> rows.iterator().next().getLong(0));
            });
  }

  /** $1 tenant, $2 admin, $3 owners, $4 user. */
  private static String scopeSql(CustomerFilter.Scope scope) {
    return switch (scope) {
      case MINE -> "c.owner_id = $4";
      case COLLABORATING ->
          "EXISTS (SELECT 1 FROM customer_collaborator cc WHERE cc.tenant_id = c.tenant_id"
              + " AND cc.customer_id = c.id AND cc.user_id = $4)";
      case TEAM -> CustomerSql.VISIBLE;
      case POOL -> "c.in_pool";
    };
  }
}
