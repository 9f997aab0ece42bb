package com.chatcrm.engine.customer;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.Actor;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * The one customer whose name, short name or alias is exactly what was typed, among those the actor
 * may see (or in the pool): what a chat command names nearly every time (跟进 星河传媒有限公司 …). {@link
 * CustomerSearch} ranks such a customer first and alone — 100 against at most 90 for any other hit
 * — so when there is exactly one, the search's answer is known from one prepared index lookup
 * instead of its two statements planned per call, which were much of PostgreSQL's time per 跟进.
 */
public final class ExactNameMatch {

  private static String named(boolean largeTenant, String typed, String scope) {
    return "SELECT "
        + CustomerSql.COLUMNS
        + CustomerSql.FROM
        + " WHERE "
        + LargeTenants.tenantCondition(largeTenant)
        + " AND c.deleted_at IS NULL AND (ARRAY[c.name, c.short_name] || c.aliases) @> ARRAY["
        + typed
        + "::text]"
        + " AND "
        + scope
        + " LIMIT 2";
  }

  // $1 tenant, $2 admin, $3 owners, $4 user, $5 typed
  private static final String VISIBLE = named(false, "$5", CustomerSql.VISIBLE);
  private static final String VISIBLE_LARGE = named(true, "$5", CustomerSql.VISIBLE);

  // $1 tenant, $2 typed
  private static final String POOL = named(false, "$2", "c.in_pool");
  private static final String POOL_LARGE = named(true, "$2", "c.in_pool");

  // The linker's customer by its key: $6 the id, and the name still as typed. Found by the primary
  // key, not the name index: that GIN index's pending list grows with every customer a follow-up
  // touches, and reading it was most of the name lookup's time under load.
  private static final String LINKED_VISIBLE =
      named(false, "$5", CustomerSql.VISIBLE + " AND c.id = $6");
  private static final String LINKED_POOL = named(false, "$2", "c.in_pool AND c.id = $3");

  private final Pool pool;
  private final LargeTenants largeTenants;

  public ExactNameMatch(Pool pool) {
    this(pool, LargeTenants.of(pool));
  }

  /** Tests pass a share of 0 to take the large tenant's statements with a few customers. */
  ExactNameMatch(Pool pool, LargeTenants largeTenants) {
    this.pool = pool;
    this.largeTenants = largeTenants;
  }

  /**
   * The customer if exactly one is so named in {@code scope}, as the search's hit for it; null when
   * none or several are.
   */
  public Future<CustomerHit> only(Actor actor, String typed, CustomerSearch.Scope scope) {
    String name = typed == null ? "" : typed.strip();
    if (name.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Boolean> large = largeTenants.isLarge(actor.tenantId());
    if (scope == CustomerSearch.Scope.POOL) {
      return large
          .compose(
              l ->
                  pool.preparedQuery(l ? POOL_LARGE : POOL)
                      .execute(Tuple.of(actor.tenantId(), name)))
          .map(ExactNameMatch::single);
    }
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                large.compose(
                    l ->
                        pool.preparedQuery(l ? VISIBLE_LARGE : VISIBLE)
                            .execute(visible(access, name))))
        .map(ExactNameMatch::single);
  }

  /**
   * {@link #only} for a name the chat's linker took for one customer (by its id): that customer, if
   * the actor may see it in {@code scope} and it is still so named; else what {@link #only} finds
   * (the linker's list of names may be a moment old).
   */
  public Future<CustomerHit> linked(
      Actor actor, long customerId, String typed, CustomerSearch.Scope scope) {
    String name = typed == null ? "" : typed.strip();
    if (name.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<RowSet<Row>> rows =
        scope == CustomerSearch.Scope.POOL
            ? pool.preparedQuery(LINKED_POOL).execute(Tuple.of(actor.tenantId(), name, customerId))
            : AccessResolver.resolve(pool, actor)
                .compose(
                    access ->
                        pool.preparedQuery(LINKED_VISIBLE)
                            .execute(visible(access, name).addLong(customerId)));
    return rows.map(ExactNameMatch::single)
        .compose(hit -> hit != null ? Future.succeededFuture(hit) : only(actor, typed, scope));
  }

  /** $1 tenant, $2 admin, $3 owners, $4 user, $5 typed. */
  private static Tuple visible(Access access, String name) {
    Actor actor = access.actor();
    return Tuple.of(
        actor.tenantId(),
        access.seesEverything(),
        access.visibleOwnerArray(),
        actor.userId(),
        name);
  }

  private static CustomerHit single(RowSet<Row> rows) {
    return rows.size() == 1
        ? new CustomerHit(
            CustomerRows.map(rows.iterator().next()), CustomerSearch.EXACT_SCORE, "name")
        : null;
  }
}
