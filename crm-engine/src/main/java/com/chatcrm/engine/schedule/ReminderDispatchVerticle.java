package com.chatcrm.engine.schedule;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.db.Transactions;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes due reminders: on every tick, per tenant, works out what each user with due reminders may
 * be pushed now (the tenant's and the user's pace, shared by all nodes through Postgres), claims
 * exactly that (SKIP LOCKED, so nodes never take the same reminder), and hands it to the {@link
 * Notifier}: a card per reminder while the user's pace allows, else one digest card for all of
 * them. A burst of 100,000 due reminders thus drains at the tenant's pace, no member gets more than
 * their pace, and none waits for a lease. A reminder claimed by a node that died before handing it
 * over is taken up after the lease.
 */
public final class ReminderDispatchVerticle extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(ReminderDispatchVerticle.class);

  /**
   * One pass claims at most this many reminders per tenant, to bound its work; the rest wait a
   * tick.
   */
  private static final int MAX_CLAIM = 5000;

  /** Claims older than this are not re-notified: after a long outage a stale card helps nobody. */
  private static final Duration RECOVER_WITHIN = Duration.ofDays(1);

  /** How often the age of the most overdue reminder is measured, for /metrics and /health. */
  private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);

  /**
   * @param tick how often to look for due reminders
   * @param perTenantPerMinute how many messages a tenant is pushed in any minute at most, all nodes
   *     together
   * @param burst how many of those a quiet tenant may get at once
   * @param lease after this a claimed but never handed-over reminder is claimed again
   * @param perUserPerMinute how many messages one user is pushed in any minute at most, all nodes
   *     together (WeCom drops what an app sends one member beyond 30 a minute); more due reminders
   *     than that are merged into one digest
   */
  public record Settings(
      Duration tick, int perTenantPerMinute, int burst, Duration lease, int perUserPerMinute) {

    public Settings(Duration tick, int perTenantPerMinute, int burst, Duration lease) {
      this(tick, perTenantPerMinute, burst, lease, DEFAULT_PER_USER_PER_MINUTE);
    }

    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(1),
          DEFAULT_PER_TENANT_PER_MINUTE,
          200,
          Duration.ofMinutes(2),
          DEFAULT_PER_USER_PER_MINUTE);
    }
  }

  /** Leaves room under WeCom's 30 messages a minute per member for replies and other pushes. */
  public static final int DEFAULT_PER_USER_PER_MINUTE = 20;

  /**
   * DingTalk allows an internal app about 20 calls a second per API; WeCom 10,000 a minute per
   * company.
   */
  public static final int DEFAULT_PER_TENANT_PER_MINUTE = 1200;

  private final Pool pool;
  private final ReminderService reminders;
  private final Notifier notifier;
  private final Clock clock;
  private final Settings settings;
  private final ScheduledRuns runs;
  private final PushPace pace;
  private final PushPace.Bucket tenantBucket;
  private final PushPace.Bucket userBucket;
  private final ReminderBacklog backlog;
  private volatile Duration oldestDueAge;

  public ReminderDispatchVerticle(Pool pool, Notifier notifier, Clock clock, Settings settings) {
    // a pass ends well within the lease, so that what a hung pass claimed is taken up again soon
    // after
    super(settings.tick(), "Reminder dispatch", false, settings.lease().dividedBy(2));
    this.pool = pool;
    this.reminders = new ReminderService(pool, clock);
    this.notifier = notifier;
    this.clock = clock;
    this.settings = settings;
    this.runs = new ScheduledRuns(pool, settings.lease());
    this.pace = new PushPace(pool);
    this.tenantBucket =
        PushPace.Bucket.withinAMinute(settings.perTenantPerMinute(), settings.burst());
    // a quarter at once: a user's first due reminders come as cards, a burst soon merges into
    // digests
    this.userBucket =
        PushPace.Bucket.withinAMinute(settings.perUserPerMinute(), settings.perUserPerMinute() / 4);
    this.backlog = new ReminderBacklog(pool, RECOVER_WITHIN);
  }

  @Override
  protected Future<Void> started() {
    vertx.setPeriodic(1, BACKLOG_EVERY.toMillis(), id -> measureBacklog());
    return Future.succeededFuture();
  }

  /**
   * How overdue the most overdue reminder not yet handed over is, as last measured (every few
   * seconds, apart from the passes); null before the first measurement or when the last one failed.
   */
  public Duration oldestDueAge() {
    return oldestDueAge;
  }

  private void measureBacklog() {
    backlog
        .oldestDueAge(clock.instant())
        .timeout(BACKLOG_EVERY.toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(age -> oldestDueAge = age)
        .onFailure(
            e -> {
              oldestDueAge = null;
              if (!countedAsOutage(e)) {
                LOG.warn("Could not measure the reminder backlog: {}", e.getMessage());
              }
            });
  }

  @Override
  protected Future<Integer> pass() {
    Instant now = clock.instant();
    return runs.tenantsWithDueReminders(now, now.minus(settings.lease()), now.minus(RECOVER_WITHIN))
        .compose(
            tenants -> {
              Future<Integer> chain = Future.succeededFuture(0);
              for (TenantClock t : tenants) {
                // one tenant's trouble (or volume) never holds up the others beyond its own pace
                chain =
                    chain.compose(
                        sum ->
                            dispatch(t, now)
                                .map(n -> sum + n)
                                .otherwise(
                                    e -> {
                                      if (!countedAsOutage(e)) {
                                        LOG.warn(
                                            "Reminders of tenant {} not dispatched",
                                            t.tenantId(),
                                            e);
                                      }
                                      return sum;
                                    }));
              }
              return chain;
            });
  }

  /** Answers how many reminders were handed over (a digest counts each reminder in it). */
  private Future<Integer> dispatch(TenantClock t, Instant now) {
    long tenantId = t.tenantId();
    return pace.tenantTokens(tenantId, tenantBucket, now)
        .compose(
            tokens -> {
              if (tokens < 1) {
                return Future.succeededFuture(0);
              }
              return waitingOwners(tenantId, now, tokens)
                  .compose(
                      waiting -> {
                        DispatchPlan plan = DispatchPlan.of(waiting, tokens, MAX_CLAIM);
                        if (plan.isEmpty()) {
                          return Future.succeededFuture(0);
                        }
                        return pace.take(
                                tenantId,
                                Map.of(PushPace.TENANT, plan.messages()),
                                tenantBucket,
                                now)
                            .compose(
                                tenant -> {
                                  if (tenant.isEmpty()) {
                                    // another node spent the tenant's tokens first: it pushes this
                                    // tick
                                    return Future.succeededFuture(0);
                                  }
                                  return pace.take(tenantId, plan.spend(), userBucket, now)
                                      .compose(
                                          owners ->
                                              reminders.claimDueOf(
                                                  tenantId,
                                                  now,
                                                  plan.claims(owners),
                                                  now.minus(settings.lease()),
                                                  now.minus(RECOVER_WITHIN)))
                                      .compose(
                                          batch ->
                                              batch.isEmpty()
                                                  ? Future.succeededFuture(0)
                                                  : deliver(t, batch, plan, now));
                                });
                      });
            });
  }

  private Future<List<DispatchPlan.Waiting>> waitingOwners(long tenantId, Instant now, int limit) {
    return pool.preparedQuery(ScheduleSql.WAITING_OWNERS)
        .execute(
            Tuple.tuple()
                .addLong(tenantId)
                .addOffsetDateTime(ScheduledRuns.utc(now))
                .addOffsetDateTime(ScheduledRuns.utc(now.minus(settings.lease())))
                .addOffsetDateTime(ScheduledRuns.utc(now.minus(RECOVER_WITHIN)))
                .addDouble(userBucket.cap())
                .addDouble(userBucket.perSecond())
                .addInteger(limit))
        .map(
            rows -> {
              List<DispatchPlan.Waiting> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new DispatchPlan.Waiting(
                        r.getLong("owner_id"),
                        r.getInteger("n"),
                        (int) Math.floor(r.getDouble("tokens"))));
              }
              return out;
            });
  }

  /** Renders and hands over a claimed batch; answers how many reminders were handed over. */
  private Future<Integer> deliver(
      TenantClock t, List<Reminder> batch, DispatchPlan plan, Instant now) {
    Long[] customerIds =
        batch.stream()
            .map(Reminder::customerId)
            .filter(id -> id != null)
            .distinct()
            .toArray(Long[]::new);
    Future<Map<Long, LastFollowUp>> lasts = lastFollowUps(t.tenantId(), customerIds);
    Future<Map<Long, CustomerState>> states = customerStates(t.tenantId(), customerIds);
    return Future.all(lasts, states)
        .compose(
            v -> {
              Map<Long, List<Reminder>> digests = new LinkedHashMap<>();
              List<Future<List<Long>>> handed = new ArrayList<>();
              for (Reminder r : batch) {
                Long c = r.customerId();
                CustomerState customer = c == null ? null : states.result().get(c);
                if (plan.digest(r.ownerId()) && !special(r, customer)) {
                  digests.computeIfAbsent(r.ownerId(), k -> new ArrayList<>()).add(r);
                } else {
                  handed.add(
                      deliverOne(t, r, lastOf(lasts.result(), r), customer, now).map(List::of));
                }
              }
              digests.forEach(
                  (owner, due) ->
                      handed.add(
                          due.size() == 1
                              ? deliverOne(
                                      t,
                                      due.get(0),
                                      lastOf(lasts.result(), due.get(0)),
                                      due.get(0).customerId() == null
                                          ? null
                                          : states.result().get(due.get(0).customerId()),
                                      now)
                                  .map(List::of)
                              : notifier
                                  .push(
                                      t.tenantId(),
                                      owner,
                                      ReminderDigests.render(due, t.zone()),
                                      now)
                                  .map(x -> due.stream().map(Reminder::id).toList())));
              return Future.join(handed)
                  .otherwiseEmpty()
                  .map(
                      x -> {
                        List<Long> notified = new ArrayList<>();
                        for (Future<List<Long>> f : handed) {
                          if (f.succeeded()) {
                            notified.addAll(f.result());
                          } else {
                            LOG.warn(
                                "Reminders of tenant {} not handed over, retried after the lease: {}",
                                t.tenantId(),
                                f.cause().getMessage());
                          }
                        }
                        return notified;
                      });
            })
        .compose(notified -> markNotified(t.tenantId(), notified, now).map(notified.size()));
  }

  private static LastFollowUp lastOf(Map<Long, LastFollowUp> lasts, Reminder r) {
    return r.customerId() == null ? null : lasts.get(r.customerId());
  }

  /**
   * A reminder whose customer is gone or changed hands is dealt with on its own, never in a digest.
   */
  private static boolean special(Reminder r, CustomerState customer) {
    return customer != null
        && (customer.deleted()
            || r.followUpId() != null
                && customer.ownerId() != null
                && customer.ownerId() != r.ownerId());
  }

  /** Answers the reminder's id once it is handed over or cancelled, so it is not taken up again. */
  private Future<Long> deliverOne(
      TenantClock t, Reminder r, LastFollowUp last, CustomerState customer, Instant now) {
    Actor system = Actor.system(t.tenantId(), "reminder-dispatch");
    if (customer != null && customer.deleted()) {
      // the customer is gone: the reminder is called off, in the audit log, instead of pushing a
      // dead card
      return reminders.cancel(system, r.id(), r.version()).map(x -> r.id());
    }
    if (r.followUpId() != null
        && customer != null
        && customer.ownerId() != null
        && customer.ownerId() != r.ownerId()) {
      // a next-follow-up reminder belongs to whoever owns the customer now: it becomes theirs, so
      // that
      // its buttons work for them, and the audit log says why
      long newOwner = customer.ownerId();
      Notification card = ReminderCards.render(r, last, t.zone(), "（客户已转给你，这条跟进提醒随客户转交）");
      return reassign(system, r, newOwner)
          .compose(v -> notifier.push(t.tenantId(), newOwner, card, now))
          .map(x -> r.id());
    }
    String note = customer != null && customer.ownerId() == null ? "（客户已退回公海）" : null;
    Notification card = ReminderCards.render(r, last, t.zone(), note);
    return notifier.push(t.tenantId(), r.ownerId(), card, now).map(x -> r.id());
  }

  private Future<Void> reassign(Actor system, Reminder r, long newOwner) {
    return Transactions.run(
        pool,
        tx ->
            tx.preparedQuery(ScheduleSql.REASSIGN)
                .execute(Tuple.of(system.tenantId(), r.id(), newOwner, r.ownerId()))
                .compose(
                    rows ->
                        rows.rowCount() == 0
                            ? Future.<Void>succeededFuture()
                            : AuditLog.record(
                                tx,
                                system,
                                "reassign",
                                "reminder",
                                r.id(),
                                new JsonObject()
                                    .put("ownerId", AuditLog.change(r.ownerId(), newOwner))
                                    .put("reason", "customer_transferred")
                                    .put("customerId", r.customerId()))));
  }

  private Future<Void> markNotified(long tenantId, List<Long> ids, Instant now) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(ScheduleSql.MARK_NOTIFIED)
        .execute(Tuple.of(tenantId, ids.toArray(Long[]::new), ScheduledRuns.utc(now)))
        .mapEmpty();
  }

  private Future<Map<Long, LastFollowUp>> lastFollowUps(long tenantId, Long[] customerIds) {
    if (customerIds.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(ScheduleSql.LAST_FOLLOW_UPS)
        .execute(Tuple.tuple().addLong(tenantId).addArrayOfLong(customerIds))
        .map(
            rows -> {
              Map<Long, LastFollowUp> out = new HashMap<>();
              for (Row r : rows) {
                out.put(
                    r.getLong("customer_id"),
                    new LastFollowUp(
                        r.getLong("customer_id"),
                        r.getString("method"),
                        r.getString("content"),
                        r.getOffsetDateTime("happened_at").toInstant(),
                        r.getString("author")));
              }
              return out;
            });
  }

  private record CustomerState(Long ownerId, boolean deleted) {}

  private Future<Map<Long, CustomerState>> customerStates(long tenantId, Long[] customerIds) {
    if (customerIds.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(ScheduleSql.CUSTOMER_STATES)
        .execute(Tuple.tuple().addLong(tenantId).addArrayOfLong(customerIds))
        .map(
            rows -> {
              Map<Long, CustomerState> out = new HashMap<>();
              for (Row r : rows) {
                out.put(
                    r.getLong("id"),
                    new CustomerState(r.getLong("owner_id"), r.getBoolean("deleted")));
              }
              return out;
            });
  }
}
