package com.chatcrm.engine.pool;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.customer.CustomerLevel;
import com.chatcrm.engine.customer.CustomerRules;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.LimitReached;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The customer pool (公海) as reps and managers use it: list it, claim (领取) a customer, release (退回)
 * one, assign (分配) one to a rep. Claims are race-safe: of two reps claiming one customer at once
 * exactly one wins, and one rep claiming several at once never exceeds the tenant's limits.
 */
public final class PoolService {

  public static final int MAX_LIMIT = 100;
  static final int MAX_REASON = 500;

  private final Pool pool;
  private final Clock clock;
  private final CustomerService customers;

  public PoolService(Pool pool, Clock clock) {
    this(pool, clock, new CustomerService(pool));
  }

  public PoolService(Pool pool, Clock clock, CustomerService customers) {
    this.pool = pool;
    this.clock = clock;
    this.customers = customers;
  }

  /**
   * The actor takes a pool customer as their own. Fails with {@link Conflict} naming the holder
   * when someone else has it, and with {@link LimitReached} when the actor holds {@code
   * max_private} customers or claimed {@code max_claims_per_day} today (the tenant's day). Claiming
   * a customer the actor already holds changes nothing, so a retried chat message is harmless.
   */
  public Future<Customer> claim(Actor actor, long customerId) {
    if (actor.isSystem()) {
      return Future.failedFuture(
          new Forbidden("the system cannot claim customers; assign them instead"));
    }
    Instant now = clock.instant();
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                PoolRuleService.calendar(tx, actor.tenantId())
                    .compose(
                        calendar ->
                            lockUser(tx, actor.tenantId(), actor.userId())
                                .compose(
                                    userName ->
                                        lockCustomer(tx, access, customerId)
                                            .recover(
                                                e ->
                                                    e instanceof NotFound
                                                        ? takenFromThePool(
                                                            tx,
                                                            actor.tenantId(),
                                                            customerId,
                                                            now,
                                                            e)
                                                        : Future.failedFuture(e)))
                                .compose(
                                    c -> {
                                      if (!c.inPool()) {
                                        return Objects.equals(c.ownerId(), actor.userId())
                                            ? Future.succeededFuture()
                                            : refuseHeld(tx, actor.tenantId(), c);
                                      }
                                      return checkLimits(
                                              tx,
                                              calendar,
                                              actor.tenantId(),
                                              actor.userId(),
                                              null,
                                              now,
                                              true)
                                          .compose(
                                              v ->
                                                  take(tx, actor, c, actor.userId(), "claim", now));
                                    })))
        .compose(v -> customers.get(actor, customerId));
  }

  /**
   * The owner, their manager or an admin puts a private customer back into the pool; its
   * collaborators are removed, and the reason is audited. Releasing a customer already in the pool
   * changes nothing.
   */
  public Future<Customer> release(Actor actor, long customerId, String reason) {
    String why = reason == null || reason.isBlank() ? null : reason.strip();
    if (ControlCharacters.found(why)) {
      return Future.failedFuture(ControlCharacters.refusal("reason"));
    }
    if (why != null && why.length() > MAX_REASON) {
      return Future.failedFuture(InvalidInput.field("reason", "退回原因不能超过 " + MAX_REASON + " 个字"));
    }
    Instant now = clock.instant();
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                lockCustomer(tx, access, customerId)
                    .compose(
                        c -> {
                          if (c.inPool()) {
                            return Future.succeededFuture();
                          }
                          if (!access.seesOwner(c.ownerId())) {
                            return Future.failedFuture(
                                new Forbidden("只有负责人、其主管或管理员可以把客户「" + c.name() + "」退回公海"));
                          }
                          return putIntoPool(tx, actor, c, why, now);
                        }))
        .compose(v -> customers.get(actor, customerId));
  }

  /**
   * A manager gives a pool customer to a rep of the department subtree they manage; an admin to
   * anyone in the tenant. The target's {@code max_private} applies; the daily claim limit does not,
   * since it curbs reps' own grabbing and an assignment is the manager's decision.
   */
  public Future<Customer> assign(Actor actor, long customerId, long toUserId) {
    Instant now = clock.instant();
    return AccessTransaction.run(
            pool,
            actor,
            (tx, access) ->
                mayAssign(access, toUserId)
                    .compose(v -> PoolRuleService.calendar(tx, actor.tenantId()))
                    .compose(
                        calendar ->
                            lockUser(tx, actor.tenantId(), toUserId)
                                .recover(
                                    e ->
                                        Future.failedFuture(
                                            e instanceof NotFound
                                                ? InvalidInput.field(
                                                    "toUserId", "公司里没有这位在职同事（id " + toUserId + "）")
                                                : e))
                                .compose(
                                    toName ->
                                        lockCustomer(tx, access, customerId)
                                            .compose(
                                                c -> {
                                                  if (!c.inPool()) {
                                                    return Objects.equals(c.ownerId(), toUserId)
                                                        ? Future.succeededFuture()
                                                        : refuseHeld(tx, actor.tenantId(), c);
                                                  }
                                                  return checkLimits(
                                                          tx,
                                                          calendar,
                                                          actor.tenantId(),
                                                          toUserId,
                                                          toName,
                                                          now,
                                                          false)
                                                      .compose(
                                                          x ->
                                                              take(
                                                                  tx, actor, c, toUserId, "assign",
                                                                  now));
                                                }))))
        .compose(v -> customers.get(actor, customerId));
  }

  /**
   * One page of the pool, newest in the pool first; any member of the tenant may look. Pass the
   * previous page's {@code nextCursor} for the next page.
   */
  public Future<PoolPage> list(Actor actor, PoolFilter filter, String cursor, int limit) {
    PoolCursor after;
    try {
      after = PoolCursor.decode(cursor);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    PoolFilter f = filter == null ? PoolFilter.all() : filter;
    int n = Math.max(1, Math.min(limit, MAX_LIMIT));
    return AccessResolver.resolve(pool, actor)
        .compose(
            access -> {
              Object level = f.level() == null ? null : f.level().code();
              return after == null
                  ? pool.preparedQuery(PoolSql.LIST_FIRST)
                      .execute(
                          Tuple.from(
                              new Object[] {
                                actor.tenantId(),
                                level,
                                blankToNull(f.industry()),
                                blankToNull(f.region()),
                                n + 1
                              }))
                  : pool.preparedQuery(PoolSql.LIST_AFTER)
                      .execute(
                          Tuple.from(
                              new Object[] {
                                actor.tenantId(),
                                level,
                                blankToNull(f.industry()),
                                blankToNull(f.region()),
                                after.poolTime(),
                                after.id(),
                                n + 1
                              }));
            })
        .map(
            rows -> {
              List<PoolCustomer> items = new ArrayList<>();
              for (Row r : rows) {
                items.add(poolCustomer(r));
              }
              if (items.size() <= n) {
                return new PoolPage(List.copyOf(items), null);
              }
              PoolCustomer last = items.get(n - 1);
              return new PoolPage(
                  List.copyOf(items.subList(0, n)),
                  new PoolCursor(last.poolSince(), last.id()).encode());
            });
  }

  // ------------------------------------------------------------------------------------------

  /** A customer's pool state, read under its row lock. */
  private record PoolState(long id, String name, Long ownerId, boolean inPool) {}

  private static Future<Void> mayAssign(Access access, long toUserId) {
    if (access.seesEverything() || (access.isManager() && access.seesOwner(toUserId))) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(
        access.isManager()
            ? new Forbidden("只能把公海客户分配给你管理的部门成员")
            : new Forbidden("只有主管或管理员可以分配公海客户；你可以直接领取"));
  }

  /**
   * Serialises one user's claims and assignments; fails with NotFound for an unknown or inactive
   * user.
   */
  private static Future<String> lockUser(SqlClient tx, long tenantId, long userId) {
    return tx.preparedQuery(PoolSql.LOCK_USER)
        .execute(Tuple.of(tenantId, userId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new NotFound("no active user " + userId + " in this company");
              }
              return rows.iterator().next().getString("name");
            });
  }

  /**
   * Locks the customer's row. A private customer the actor may not see fails exactly like a missing
   * id, before the "not in the pool, held by 李四" answer could tell that it exists and who has it.
   */
  private static Future<PoolState> lockCustomer(SqlClient tx, Access access, long customerId) {
    return tx.preparedQuery(PoolSql.LOCK_CUSTOMER)
        .execute(Tuple.of(access.tenantId(), customerId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.<PoolState>failedFuture(CustomerService.missing(customerId));
              }
              Row r = rows.iterator().next();
              PoolState c =
                  new PoolState(
                      r.getLong("id"),
                      r.getString("name"),
                      r.getLong("owner_id"),
                      r.getBoolean("in_pool"));
              boolean deleted = r.getBoolean("deleted");
              Future<Void> seen =
                  c.inPool()
                      ? Future.succeededFuture()
                      : CustomerService.load(tx, access.tenantId(), customerId, false)
                          .compose(
                              full ->
                                  CustomerRules.canRead(access, full)
                                      ? Future.<Void>succeededFuture()
                                      : Future.failedFuture(CustomerService.missing(customerId)));
              return seen.map(
                  v -> {
                    if (deleted) {
                      throw new NotFound("customer " + customerId + " is deleted");
                    }
                    return c;
                  });
            });
  }

  /**
   * A customer the actor may not see that left the pool within a day was most likely just claimed
   * by a colleague out of the list the actor was looking at: say so, naming nobody, instead of
   * "does not exist".
   */
  private static Future<PoolState> takenFromThePool(
      SqlClient tx, long tenantId, long customerId, Instant now, Throwable missing) {
    return tx.preparedQuery(PoolSql.LEFT_POOL_SINCE)
        .execute(
            Tuple.of(
                tenantId,
                customerId,
                now.minus(java.time.Duration.ofDays(1)).atOffset(java.time.ZoneOffset.UTC)))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.failedFuture(new Conflict("这个客户刚从公海被领走或分配给了同事"))
                    : Future.failedFuture(missing));
  }

  /** The refusal for a customer someone else holds: "该客户已被张三领取". */
  private static Future<Void> refuseHeld(SqlClient tx, long tenantId, PoolState c) {
    return tx.preparedQuery(PoolSql.HELD_BY)
        .execute(Tuple.of(tenantId, c.id(), c.ownerId()))
        .map(
            rows -> {
              Row r = rows.iterator().next();
              String owner = r.getString("name");
              String how = r.getString("how");
              String message =
                  "claim".equals(how)
                      ? "该客户已被" + owner + "领取"
                      : "assign".equals(how) ? "该客户已分配给" + owner : "该客户不在公海中，负责人是" + owner;
              return new Conflict(
                  message,
                  new JsonObject()
                      .put("entity", "customer")
                      .put("customerId", c.id())
                      .put("customerName", c.name())
                      .put("ownerId", c.ownerId())
                      .put("ownerName", owner));
            })
        .compose(Future::failedFuture);
  }

  /**
   * Refuses when {@code userId} already holds {@code max_private} customers, or (for a claim)
   * claimed {@code max_claims_per_day} today. Runs under the user's row lock, so concurrent claims
   * count each other. {@code userName} null means the actor is the user, so the message says 你.
   */
  private static Future<Void> checkLimits(
      SqlClient tx,
      PoolCalendar calendar,
      long tenantId,
      long userId,
      String userName,
      Instant now,
      boolean countClaims) {
    PoolRules rules = calendar.rules();
    String who = userName == null ? "你" : userName;
    Future<Void> holding =
        rules.maxPrivate() == null
            ? Future.succeededFuture()
            : count(tx, PoolSql.COUNT_PRIVATE, Tuple.of(tenantId, userId))
                .compose(
                    held ->
                        held < rules.maxPrivate()
                            ? Future.succeededFuture()
                            : Future.failedFuture(
                                new LimitReached(
                                    who
                                        + "已拥有 "
                                        + held
                                        + " 个客户，已达上限（最多 "
                                        + rules.maxPrivate()
                                        + " 个）",
                                    new JsonObject()
                                        .put("limit", "maxPrivate")
                                        .put("max", rules.maxPrivate())
                                        .put("current", held)
                                        .put("userId", userId))));
    if (!countClaims || rules.maxClaimsPerDay() == null) {
      return holding;
    }
    LocalDate today = calendar.today(now);
    return holding
        .compose(
            v ->
                count(
                    tx,
                    PoolSql.COUNT_CLAIMS_TODAY,
                    Tuple.of(
                        tenantId,
                        userId,
                        calendar.startOf(today),
                        calendar.startOf(today.plusDays(1)))))
        .compose(
            claimed ->
                claimed < rules.maxClaimsPerDay()
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new LimitReached(
                            "今天已领取 " + claimed + " 个客户，已达上限",
                            new JsonObject()
                                .put("limit", "maxClaimsPerDay")
                                .put("max", rules.maxClaimsPerDay())
                                .put("current", claimed)
                                .put("userId", userId)
                                .put("day", today.toString()))));
  }

  private static Future<Long> count(SqlClient tx, String sql, Tuple args) {
    return tx.preparedQuery(sql).execute(args).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Gives a pool customer to {@code toUserId}, records the pool event and audits it. */
  private static Future<Void> take(
      SqlClient tx, Actor actor, PoolState c, long toUserId, String kind, Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    return tx.preparedQuery(PoolSql.TAKE_FROM_POOL)
        .execute(Tuple.of(actor.tenantId(), c.id(), toUserId, at))
        .compose(
            rows ->
                rows.rowCount() == 1
                    ? Future.succeededFuture()
                    // cannot happen under the row lock; refuse rather than record an event that did
                    // not happen
                    : Future.failedFuture(new Conflict("客户「" + c.name() + "」已不在公海中")))
        .compose(
            v ->
                tx.preparedQuery(PoolSql.INSERT_EVENT)
                    .execute(Tuple.of(actor.tenantId(), c.id(), kind, toUserId, at)))
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    kind,
                    "customer",
                    c.id(),
                    new JsonObject()
                        .put("ownerId", AuditLog.change(null, toUserId))
                        .put("inPool", AuditLog.change(true, false))));
  }

  private static Future<Void> putIntoPool(
      SqlClient tx, Actor actor, PoolState c, String reason, Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    JsonArray removed = new JsonArray();
    return tx.preparedQuery(PoolSql.PUT_INTO_POOL)
        .execute(Tuple.of(actor.tenantId(), c.id(), at))
        .compose(
            v ->
                tx.preparedQuery(PoolSql.REMOVE_COLLABORATORS)
                    .execute(Tuple.from(new Object[] {actor.tenantId(), new Long[] {c.id()}})))
        .compose(
            rows -> {
              rows.forEach(r -> removed.add(r.getLong("user_id")));
              return tx.preparedQuery(PoolSql.INSERT_EVENT)
                  .execute(Tuple.of(actor.tenantId(), c.id(), "release", c.ownerId(), at));
            })
        .compose(
            v ->
                AuditLog.record(
                    tx,
                    actor,
                    "release",
                    "customer",
                    c.id(),
                    new JsonObject()
                        .put("ownerId", AuditLog.change(c.ownerId(), null))
                        .put("inPool", AuditLog.change(false, true))
                        .put("reason", reason)
                        .put("collaboratorsRemoved", removed)));
  }

  private static PoolCustomer poolCustomer(Row r) {
    return new PoolCustomer(
        r.getLong("id"),
        r.getString("name"),
        r.getString("short_name"),
        r.getString("industry"),
        r.getString("region"),
        CustomerLevel.parse(r.getString("level")),
        strings(r.getArrayOfStrings("phones")),
        strings(r.getArrayOfStrings("tags")),
        r.getOffsetDateTime("pool_time"),
        r.getOffsetDateTime("last_follow_up_at"),
        r.getLong("previous_owner_id"),
        r.getString("previous_owner_name"),
        r.getInteger("version"));
  }

  private static List<String> strings(String[] values) {
    return values == null ? List.of() : List.copyOf(Arrays.asList(values));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
