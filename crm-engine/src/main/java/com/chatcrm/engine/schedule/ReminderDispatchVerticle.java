package com.chatcrm.engine.schedule;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
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
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes due reminders: on every tick, per tenant, claims what is due (SKIP LOCKED, so any number of
 * nodes share the work), renders each as a card and hands it to the {@link Notifier}. A tenant gets at
 * most its pace, so a burst of 100,000 due reminders drains steadily. A reminder claimed by a node that
 * died before handing it over is taken up again after the lease.
 */
public final class ReminderDispatchVerticle extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(ReminderDispatchVerticle.class);
  /** claimDue hands out at most this many per call. */
  private static final int MAX_CLAIM = 200;
  /** Claims older than this are not re-notified: after a long outage a stale card helps nobody. */
  private static final Duration RECOVER_WITHIN = Duration.ofDays(1);

  /**
   * @param tick how often to look for due reminders
   * @param perTenantPerMinute how many reminders a tenant is pushed per minute at most, per node
   * @param burst how many a quiet tenant may get at once
   * @param lease after this a claimed but never handed-over reminder is claimed again
   * @param perUserPerMinute how many reminders one user is pushed per minute at most, per node (WeCom drops
   *     what an app sends one member beyond 30 a minute); the rest wait for the lease and are taken up again
   */
  public record Settings(Duration tick, int perTenantPerMinute, int burst, Duration lease, int perUserPerMinute) {

    public Settings(Duration tick, int perTenantPerMinute, int burst, Duration lease) {
      this(tick, perTenantPerMinute, burst, lease, DEFAULT_PER_USER_PER_MINUTE);
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(1), 1200, 200, Duration.ofMinutes(2), DEFAULT_PER_USER_PER_MINUTE);
    }
  }

  /** Leaves room under WeCom's 30 messages a minute per member for replies and other pushes. */
  public static final int DEFAULT_PER_USER_PER_MINUTE = 20;
  /** Idle per-user pacers are dropped beyond this many, to bound memory. */
  private static final int MAX_USER_PACERS = 10_000;

  private final Pool pool;
  private final ReminderService reminders;
  private final Notifier notifier;
  private final Clock clock;
  private final Settings settings;
  private final ScheduledRuns runs;
  private final Map<Long, Pacer> pacers = new HashMap<>();
  private final Map<String, Pacer> userPacers = new HashMap<>();

  public ReminderDispatchVerticle(Pool pool, Notifier notifier, Clock clock, Settings settings) {
    super(settings.tick(), "Reminder dispatch", false);
    this.pool = pool;
    this.reminders = new ReminderService(pool, clock);
    this.notifier = notifier;
    this.clock = clock;
    this.settings = settings;
    this.runs = new ScheduledRuns(pool, settings.lease());
  }

  @Override
  protected Future<Integer> pass() {
    Instant now = clock.instant();
    return runs.tenantsWithDueReminders(now, now.minus(settings.lease()), now.minus(RECOVER_WITHIN)).compose(tenants -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (TenantClock t : tenants) {
        // one tenant's trouble (or volume) never holds up the others beyond its own pace
        chain = chain.compose(sum -> dispatch(t, now).map(n -> sum + n).otherwise(e -> {
          LOG.warn("Reminders of tenant {} not dispatched", t.tenantId(), e);
          return sum;
        }));
      }
      return chain;
    });
  }

  private Future<Integer> dispatch(TenantClock t, Instant now) {
    Pacer pacer = pacers.computeIfAbsent(t.tenantId(), k -> new Pacer(settings.perTenantPerMinute(), settings.burst()));
    int budget = Math.min(MAX_CLAIM, pacer.available(now));
    if (budget <= 0) {
      return Future.succeededFuture(0);
    }
    return recoverUnnotified(t.tenantId(), now, budget)
        .compose(recovered -> {
          int left = budget - recovered.size();
          if (left <= 0) {
            return Future.succeededFuture(recovered);
          }
          return reminders.claimDue(t.tenantId(), now, left).map(fresh -> {
            List<Reminder> all = new ArrayList<>(recovered);
            all.addAll(fresh);
            return all;
          });
        })
        .compose(batch -> {
          pacer.take(batch.size());
          return batch.isEmpty() ? Future.succeededFuture(0) : deliver(t, batch, now);
        });
  }

  /** Reminders a dead node claimed but never handed over, claimed again for this node. */
  private Future<List<Reminder>> recoverUnnotified(long tenantId, Instant now, int limit) {
    Actor system = Actor.system(tenantId, "reminder-dispatch");
    return pool.preparedQuery(ScheduleSql.RECLAIM_UNNOTIFIED)
        .execute(Tuple.of(tenantId, ScheduledRuns.utc(now.minus(settings.lease())),
            ScheduledRuns.utc(now.minus(RECOVER_WITHIN)), limit, ScheduledRuns.utc(now)))
        .compose(rows -> {
          List<Future<Reminder>> loads = new ArrayList<>();
          for (Row r : rows) {
            loads.add(reminders.get(system, r.getLong(0)));
          }
          if (!loads.isEmpty()) {
            LOG.info("Taking up {} reminders of tenant {} claimed but not handed over (a node stopped, or their"
                + " owner's pace was reached)", loads.size(), tenantId);
          }
          return Future.all(loads).map(all -> all.<Reminder>list());
        });
  }

  /** Renders and hands over a claimed batch; answers how many were handed over. */
  private Future<Integer> deliver(TenantClock t, List<Reminder> batch, Instant now) {
    Long[] customerIds = batch.stream().map(Reminder::customerId).filter(id -> id != null).distinct()
        .toArray(Long[]::new);
    Future<Map<Long, LastFollowUp>> lasts = lastFollowUps(t.tenantId(), customerIds);
    Future<Map<Long, CustomerState>> states = customerStates(t.tenantId(), customerIds);
    return Future.all(lasts, states).compose(v -> {
      List<Future<Long>> handed = new ArrayList<>();
      int deferred = 0;
      for (Reminder r : batch) {
        Pacer user = userPacer(t.tenantId(), r.ownerId(), now);
        if (user.available(now) < 1) {
          // over the user's pace: left claimed and un-notified, it is taken up again after the lease
          deferred++;
          continue;
        }
        user.take(1);
        Long c = r.customerId();
        handed.add(deliverOne(t, r, c == null ? null : lasts.result().get(c), c == null ? null : states.result().get(c),
            now));
      }
      if (deferred > 0) {
        LOG.info("{} reminders of tenant {} wait for their owners' pace", deferred, t.tenantId());
      }
      return Future.join(handed).otherwiseEmpty().map(x -> {
        List<Long> notified = new ArrayList<>();
        for (Future<Long> f : handed) {
          if (f.succeeded() && f.result() != null) {
            notified.add(f.result());
          } else if (f.failed()) {
            LOG.warn("Reminder of tenant {} not handed over, retried after the lease: {}", t.tenantId(),
                f.cause().getMessage());
          }
        }
        return notified;
      });
    }).compose(notified -> markNotified(t.tenantId(), notified, now).map(notified.size()));
  }

  private Pacer userPacer(long tenantId, long userId, Instant now) {
    if (userPacers.size() > MAX_USER_PACERS) {
      userPacers.values().removeIf(p -> p.idle(now));
    }
    return userPacers.computeIfAbsent(tenantId + ":" + userId,
        k -> new Pacer(settings.perUserPerMinute(), settings.perUserPerMinute()));
  }

  /** Answers the reminder's id once it is handed over or cancelled, so it is not taken up again. */
  private Future<Long> deliverOne(TenantClock t, Reminder r, LastFollowUp last, CustomerState customer, Instant now) {
    Actor system = Actor.system(t.tenantId(), "reminder-dispatch");
    if (customer != null && customer.deleted()) {
      // the customer is gone: the reminder is called off, in the audit log, instead of pushing a dead card
      return reminders.cancel(system, r.id(), r.version()).map(x -> r.id());
    }
    if (r.followUpId() != null && customer != null && customer.ownerId() != null && customer.ownerId() != r.ownerId()) {
      // a next-follow-up reminder belongs to whoever owns the customer now: it becomes theirs, so that
      // its buttons work for them, and the audit log says why
      long newOwner = customer.ownerId();
      Notification card = ReminderCards.render(r, last, t.zone(), now, "（客户已转给你，这条跟进提醒随客户转交）");
      return reassign(system, r, newOwner)
          .compose(v -> notifier.push(t.tenantId(), newOwner, card))
          .map(x -> r.id());
    }
    String note = customer != null && customer.ownerId() == null ? "（客户已退回公海）" : null;
    Notification card = ReminderCards.render(r, last, t.zone(), now, note);
    return notifier.push(t.tenantId(), r.ownerId(), card).map(x -> r.id());
  }

  private Future<Void> reassign(Actor system, Reminder r, long newOwner) {
    return pool.withTransaction(tx -> tx.preparedQuery(ScheduleSql.REASSIGN)
        .execute(Tuple.of(system.tenantId(), r.id(), newOwner, r.ownerId()))
        .compose(rows -> rows.rowCount() == 0
            ? Future.<Void>succeededFuture()
            : AuditLog.record(tx, system, "reassign", "reminder", r.id(), new JsonObject()
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
    return pool.preparedQuery(ScheduleSql.LAST_FOLLOW_UPS).execute(Tuple.tuple().addLong(tenantId).addArrayOfLong(customerIds)).map(rows -> {
      Map<Long, LastFollowUp> out = new HashMap<>();
      for (Row r : rows) {
        out.put(r.getLong("customer_id"), new LastFollowUp(r.getLong("customer_id"), r.getString("method"),
            r.getString("content"), r.getOffsetDateTime("happened_at").toInstant(), r.getString("author")));
      }
      return out;
    });
  }

  private record CustomerState(Long ownerId, boolean deleted) {}

  private Future<Map<Long, CustomerState>> customerStates(long tenantId, Long[] customerIds) {
    if (customerIds.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(ScheduleSql.CUSTOMER_STATES).execute(Tuple.tuple().addLong(tenantId).addArrayOfLong(customerIds)).map(rows -> {
      Map<Long, CustomerState> out = new HashMap<>();
      for (Row r : rows) {
        out.put(r.getLong("id"), new CustomerState(r.getLong("owner_id"), r.getBoolean("deleted")));
      }
      return out;
    });
  }

}
