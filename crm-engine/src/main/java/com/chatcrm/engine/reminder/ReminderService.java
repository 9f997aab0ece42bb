package com.chatcrm.engine.reminder;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.error.StaleVersion;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.input.DateBounds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reminders: create for oneself or a managed colleague, list what is coming and what is overdue,
 * done / snooze / cancel with optimistic locking, repeat rules in the tenant's time zone, and the
 * race-safe claim the dispatcher pushes from.
 */
public final class ReminderService {

  static final int MAX_TEXT = 1000;
  static final int MAX_LIMIT = 200;
  static final Set<String> CHANNELS = Set.of("chat", "email");

  /**
   * A due time this far in the past is still accepted: the sender's clock and ours disagree a
   * little.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Pool pool;
  private final Clock clock;

  public ReminderService(Pool pool) {
    this(pool, Clock.systemUTC());
  }

  public ReminderService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Creates a reminder owned by the actor, or by a colleague the actor manages. A named customer
   * must be one the actor may see.
   */
  public Future<Reminder> create(Actor actor, NewReminder input) {
    Future<Void> customerVisible =
        input.customerId() == null
            ? Future.succeededFuture()
            : new CustomerService(pool).get(actor, input.customerId()).mapEmpty();
    return customerVisible.compose(
        v ->
            AccessTransaction.run(
                pool, actor, (tx, access) -> createInTransaction(tx, access, input, null)));
  }

  /**
   * Creates a reminder inside another service's transaction (a follow-up's next follow-up time).
   * The caller has checked the customer; this checks the owner.
   */
  public Future<Reminder> createInTransaction(
      SqlClient tx, Access access, NewReminder input, Long followUpId) {
    Actor actor = access.actor();
    long owner;
    List<String> channels;
    String text;
    RepeatRule rule = input.repeatRule() == null ? RepeatRule.NONE : input.repeatRule();
    try {
      if (input.ownerId() == null && actor.isSystem()) {
        throw InvalidInput.field("ownerId", "the system must name the reminder's owner");
      }
      owner = input.ownerId() == null ? actor.userId() : input.ownerId();
      text = validText(input.text());
      channels = validChannels(input.channels());
      validDue(input.dueAt());
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    if (!access.seesOwner(owner)) {
      return Future.failedFuture(new Forbidden("你只能给自己或你管理的同事设置提醒"));
    }
    Instant anchor = rule.repeats() ? input.dueAt() : null;
    return tx.preparedQuery(ReminderSql.ACTIVE_USER)
        .execute(Tuple.of(actor.tenantId(), owner))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(InvalidInput.field("ownerId", "没有这位在职同事（" + owner + "）"))
                    : insert(
                        tx,
                        actor,
                        owner,
                        input.customerId(),
                        followUpId,
                        input.dueAt(),
                        rule,
                        anchor,
                        channels,
                        text,
                        actor.isSystem() ? owner : actor.userId()))
        .compose(
            id ->
                AuditLog.record(
                        tx,
                        actor,
                        "create",
                        "reminder",
                        id,
                        new JsonObject()
                            .put("ownerId", owner)
                            .put("customerId", input.customerId())
                            .put("followUpId", followUpId)
                            .put("dueAt", input.dueAt().toString())
                            .put("repeatRule", rule.code())
                            .put("channels", new JsonArray(channels))
                            .put("text", text))
                    .compose(v -> load(tx, actor.tenantId(), id, false)));
  }

  /** A reminder of the actor's, or of someone the actor manages. */
  public Future<Reminder> get(Actor actor, long reminderId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access -> load(pool, actor.tenantId(), reminderId, false).map(r -> visible(access, r)));
  }

  /** The actor's reminders still waiting (pending or snoozed), soonest first. */
  public Future<List<Reminder>> upcoming(Actor actor, int limit) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(ReminderSql.UPCOMING)
                    .execute(Tuple.of(actor.tenantId(), actor.userId(), clamp(limit))))
        .map(ReminderService::mapAll);
  }

  /** The actor's reminders due before now and still waiting, oldest first. */
  public Future<List<Reminder>> overdue(Actor actor, int limit) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                pool.preparedQuery(ReminderSql.OVERDUE)
                    .execute(
                        Tuple.of(
                            actor.tenantId(), actor.userId(), utc(clock.instant()), clamp(limit))))
        .map(ReminderService::mapAll);
  }

  /**
   * Marks the reminder done. For a repeating one the next occurrence is scheduled now (if claiming
   * it has not done so already), in the tenant's time zone. Done twice is done once.
   */
  public Future<Reminder> done(Actor actor, long reminderId, int expectedVersion) {
    return change(
        actor,
        reminderId,
        (tx, current) -> {
          if (current.status() == ReminderStatus.DONE) {
            return Future.succeededFuture(current);
          }
          if (current.status() == ReminderStatus.CANCELLED) {
            return Future.failedFuture(new Conflict("提醒「" + current.text() + "」已取消"));
          }
          if (current.version() != expectedVersion) {
            return Future.failedFuture(stale(current, expectedVersion));
          }
          return setStatus(tx, actor, current, ReminderStatus.DONE)
              .compose(
                  v ->
                      AuditLog.record(
                          tx,
                          actor,
                          "done",
                          "reminder",
                          current.id(),
                          new JsonObject()
                              .put("status", AuditLog.change(current.status().code(), "done"))))
              .compose(v -> scheduleNext(tx, actor, current, clock.instant()))
              .compose(v -> load(tx, actor.tenantId(), current.id(), false));
        });
  }

  /** Puts the reminder off until {@code until}, which must be in the future. */
  public Future<Reminder> snooze(Actor actor, long reminderId, int expectedVersion, Instant until) {
    if (until == null || !until.isAfter(clock.instant())) {
      return Future.failedFuture(InvalidInput.field("until", "稍后提醒的时间必须晚于现在"));
    }
    if (!DateBounds.within(until)) {
      return Future.failedFuture(DateBounds.refusal("until"));
    }
    return change(
        actor,
        reminderId,
        (tx, current) -> {
          if (!current.status().live()) {
            return Future.failedFuture(
                new Conflict("提醒「" + current.text() + "」已" + finished(current)));
          }
          if (current.version() != expectedVersion) {
            return Future.failedFuture(stale(current, expectedVersion));
          }
          return tx.preparedQuery(ReminderSql.SNOOZE)
              .execute(Tuple.of(actor.tenantId(), current.id(), utc(until)))
              .compose(
                  v ->
                      AuditLog.record(
                          tx,
                          actor,
                          "snooze",
                          "reminder",
                          current.id(),
                          new JsonObject()
                              .put("status", AuditLog.change(current.status().code(), "snoozed"))
                              .put(
                                  "dueAt",
                                  AuditLog.change(current.dueAt().toString(), until.toString()))))
              .compose(v -> load(tx, actor.tenantId(), current.id(), false));
        });
  }

  /**
   * Puts the reminder off as a card's 推迟1小时 / 明天再说 say, counted from the tap at {@code now} and the
   * due time, in the tenant's zone. Answers the new due time in that zone, for the reply.
   */
  public Future<ZonedDateTime> snooze(Actor actor, long reminderId, Snooze choice, Instant now) {
    return pool.preparedQuery(ReminderSql.TENANT_ZONE)
        .execute(Tuple.of(actor.tenantId()))
        .compose(
            rows -> {
              ZoneId zone = ZoneId.of(rows.iterator().next().getString("time_zone"));
              return get(actor, reminderId)
                  .compose(
                      r ->
                          snooze(
                              actor, reminderId, r.version(), choice.until(now, r.dueAt(), zone)))
                  .map(r -> r.dueAt().atZone(zone));
            });
  }

  /**
   * Calls the reminder off; for a repeating one, the whole series from here on (取消 means "stop
   * reminding me"). Cancelled twice is cancelled once.
   */
  public Future<Reminder> cancel(Actor actor, long reminderId, int expectedVersion) {
    return change(
        actor,
        reminderId,
        (tx, current) -> {
          if (current.status() == ReminderStatus.CANCELLED) {
            return Future.succeededFuture(current);
          }
          if (current.status() == ReminderStatus.DONE && !current.repeatRule().repeats()) {
            return Future.failedFuture(new Conflict("提醒「" + current.text() + "」已完成"));
          }
          if (current.version() != expectedVersion) {
            return Future.failedFuture(stale(current, expectedVersion));
          }
          Future<Void> self =
              current.status().live()
                  ? setStatus(tx, actor, current, ReminderStatus.CANCELLED)
                  : Future.succeededFuture();
          return self.compose(
                  v ->
                      tx.preparedQuery(ReminderSql.CANCEL_FOLLOWING)
                          .execute(Tuple.of(actor.tenantId(), current.id())))
              .compose(
                  following -> {
                    JsonObject changes =
                        new JsonObject().put("cancelledFollowing", new JsonArray(ids(following)));
                    if (current.status().live()) {
                      changes.put("status", AuditLog.change(current.status().code(), "cancelled"));
                    }
                    return AuditLog.record(tx, actor, "cancel", "reminder", current.id(), changes);
                  })
              .compose(v -> load(tx, actor.tenantId(), current.id(), false));
        });
  }

  /**
   * Cancels the unfinished reminders made from a follow-up, inside the transaction deleting it. The
   * caller has checked it may.
   */
  public Future<List<Long>> cancelForFollowUp(SqlClient tx, Actor actor, long followUpId) {
    return tx.preparedQuery(ReminderSql.CANCEL_FOR_FOLLOW_UP)
        .execute(Tuple.of(actor.tenantId(), followUpId))
        .compose(
            rows -> {
              List<Long> cancelled = ids(rows);
              Future<Void> audits = Future.succeededFuture();
              for (Long id : cancelled) {
                audits =
                    audits.compose(
                        v ->
                            AuditLog.record(
                                tx,
                                actor,
                                "cancel",
                                "reminder",
                                id,
                                new JsonObject()
                                    .put("reason", "follow_up_deleted")
                                    .put("followUpId", followUpId)));
              }
              return audits.map(cancelled);
            });
  }

  /**
   * When the series of a repeating reminder fires next after this occurrence: the first occurrence
   * after its due time, or after now when that has passed (missed occurrences are not replayed).
   * Empty for a reminder that does not repeat.
   */
  public Optional<Instant> nextOccurrence(Reminder reminder, ZoneId zone) {
    return nextAfter(reminder, zone, clock.instant());
  }

  /**
   * Waiting reminders of a tenant due in [from, to), soonest first: what the dispatcher will push.
   */
  public Future<List<Reminder>> dueBetween(long tenantId, Instant from, Instant to, int limit) {
    return pool.preparedQuery(ReminderSql.DUE_BETWEEN)
        .execute(Tuple.of(tenantId, utc(from), utc(to), clamp(limit)))
        .map(ReminderService::mapAll);
  }

  /**
   * Atomically moves up to {@code limit} reminders due by {@code now} to 'sent' and returns them,
   * for the dispatcher to push. Concurrent claimers (other nodes) never get the same reminder. The
   * next occurrence of a repeating reminder is scheduled in the same transaction, so a dispatcher
   * that dies after claiming cannot end a series.
   */
  public Future<List<Reminder>> claimDue(long tenantId, Instant now, int limit) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(ReminderSql.CLAIM)
                .execute(Tuple.of(tenantId, utc(now), clamp(limit)))
                .compose(rows -> withNextScheduled(tx, tenantId, ids(rows), now)));
  }

  /**
   * Like {@link #claimDue}, but owner by owner: for each owner in {@code limits}, up to its limit
   * of its reminders due by {@code now}, and of those claimed in ({@code staleAfter}, {@code
   * staleBefore}] but never marked notified (their node stopped, or handing them over failed),
   * soonest first.
   */
  public Future<List<Reminder>> claimDueOf(
      long tenantId,
      Instant now,
      Map<Long, Integer> limits,
      Instant staleBefore,
      Instant staleAfter) {
    if (limits.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Long[] owners = limits.keySet().toArray(Long[]::new);
    Integer[] counts = Arrays.stream(owners).map(limits::get).toArray(Integer[]::new);
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(ReminderSql.CLAIM_FOR_OWNERS)
                .execute(
                    Tuple.tuple()
                        .addLong(tenantId)
                        .addOffsetDateTime(utc(now))
                        .addArrayOfLong(owners)
                        .addArrayOfInteger(counts)
                        .addOffsetDateTime(utc(staleBefore))
                        .addOffsetDateTime(utc(staleAfter)))
                .compose(rows -> withNextScheduled(tx, tenantId, ids(rows), now)));
  }

  /**
   * The claimed reminders, the next occurrence of each repeating one scheduled in the claim's
   * transaction.
   */
  private Future<List<Reminder>> withNextScheduled(
      SqlClient tx, long tenantId, List<Long> claimedIds, Instant now) {
    Actor system = Actor.system(tenantId, "reminder-dispatch");
    return loadAll(tx, tenantId, claimedIds)
        .compose(
            claimed -> {
              if (claimed.stream().noneMatch(r -> r.repeatRule().repeats() && r.nextId() == null)) {
                return Future.succeededFuture(claimed);
              }
              Future<Void> scheduled = Future.succeededFuture();
              for (Reminder r : claimed) {
                scheduled = scheduled.compose(v -> scheduleNext(tx, system, r, now));
              }
              return scheduled.compose(v -> loadAll(tx, tenantId, claimedIds));
            });
  }

  // ------------------------------------------------------------------------------------------

  /** The step of a change: given the locked current row, do the work in the transaction. */
  private interface Change {
    Future<Reminder> apply(SqlClient tx, Reminder current);
  }

  private Future<Reminder> change(Actor actor, long reminderId, Change work) {
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            load(tx, actor.tenantId(), reminderId, true)
                .compose(current -> work.apply(tx, visible(access, current))));
  }

  private static Reminder visible(Access access, Reminder r) {
    if (!access.seesOwner(r.ownerId())) {
      // a colleague's reminder answers like a missing one: not even its existence is told
      throw missing(r.id());
    }
    return r;
  }

  private static NotFound missing(long id) {
    return new NotFound("提醒不存在（" + id + "）");
  }

  private Future<Void> scheduleNext(SqlClient tx, Actor actor, Reminder current, Instant now) {
    if (!current.repeatRule().repeats() || current.nextId() != null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(ReminderSql.TENANT_ZONE)
        .execute(Tuple.of(actor.tenantId()))
        .compose(
            rows -> {
              ZoneId zone = ZoneId.of(rows.iterator().next().getString("time_zone"));
              Instant due = nextAfter(current, zone, now).orElseThrow();
              return insert(
                      tx,
                      actor,
                      current.ownerId(),
                      current.customerId(),
                      null,
                      due,
                      current.repeatRule(),
                      current.repeatAnchor(),
                      current.channels(),
                      current.text(),
                      current.createdBy())
                  .compose(
                      nextId ->
                          tx.preparedQuery(ReminderSql.SET_NEXT)
                              .execute(Tuple.of(actor.tenantId(), current.id(), nextId))
                              .compose(
                                  v ->
                                      AuditLog.record(
                                          tx,
                                          actor,
                                          "create",
                                          "reminder",
                                          nextId,
                                          new JsonObject()
                                              .put("repeatOf", current.id())
                                              .put("dueAt", due.toString())
                                              .put("repeatRule", current.repeatRule().code()))));
            });
  }

  private static Optional<Instant> nextAfter(Reminder r, ZoneId zone, Instant now) {
    Instant anchor = r.repeatAnchor() == null ? r.dueAt() : r.repeatAnchor();
    Instant after = r.dueAt().isAfter(now) ? r.dueAt() : now;
    return RepeatSchedule.next(r.repeatRule(), anchor.atZone(zone), after);
  }

  private static Future<Long> insert(
      SqlClient tx,
      Actor actor,
      long owner,
      Long customerId,
      Long followUpId,
      Instant due,
      RepeatRule rule,
      Instant anchor,
      List<String> channels,
      String text,
      long createdBy) {
    return tx.preparedQuery(ReminderSql.INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  actor.tenantId(),
                  owner,
                  customerId,
                  followUpId,
                  utc(due),
                  rule.code(),
                  utc(anchor),
                  channels.toArray(String[]::new),
                  text,
                  createdBy
                }))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Future<Void> setStatus(
      SqlClient tx, Actor actor, Reminder current, ReminderStatus status) {
    return tx.preparedQuery(ReminderSql.SET_STATUS)
        .execute(Tuple.of(actor.tenantId(), current.id(), status.code()))
        .mapEmpty();
  }

  private static Future<Reminder> load(SqlClient db, long tenantId, long id, boolean forUpdate) {
    return db.preparedQuery(forUpdate ? ReminderSql.BY_ID_FOR_UPDATE : ReminderSql.BY_ID)
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(id);
              }
              return map(rows.iterator().next());
            });
  }

  private static Future<List<Reminder>> loadAll(SqlClient db, long tenantId, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.preparedQuery(ReminderSql.BY_IDS)
        .execute(Tuple.tuple().addLong(tenantId).addArrayOfLong(ids.toArray(Long[]::new)))
        .map(ReminderService::mapAll);
  }

  private static String validText(String text) {
    String t = ControlCharacters.refuse("text", text) == null ? "" : text.strip();
    if (t.isEmpty()) {
      throw InvalidInput.field("text", "提醒内容不能为空");
    }
    if (t.length() > MAX_TEXT) {
      throw InvalidInput.field("text", "提醒内容不能超过 " + MAX_TEXT + " 个字");
    }
    return t;
  }

  private static List<String> validChannels(List<String> channels) {
    if (channels == null || channels.isEmpty()) {
      return List.of("chat");
    }
    List<String> out = new ArrayList<>();
    for (String c : channels) {
      String code = c == null ? "" : c.strip();
      if (!CHANNELS.contains(code)) {
        throw InvalidInput.field("channels", "'" + c + "' is not one of " + CHANNELS);
      }
      if (!out.contains(code)) {
        out.add(code);
      }
    }
    return List.copyOf(out);
  }

  private void validDue(Instant due) {
    if (due == null) {
      throw InvalidInput.field("dueAt", "请给出提醒时间");
    }
    DateBounds.refuse("dueAt", due);
    if (due.isBefore(clock.instant().minus(CLOCK_SKEW))) {
      throw InvalidInput.field("dueAt", "提醒时间已经过去了");
    }
  }

  private static StaleVersion stale(Reminder current, int expected) {
    return new StaleVersion(
        "提醒「"
            + current.text()
            + "」已被更新（你的版本 "
            + expected
            + "，当前版本 "
            + current.version()
            + "），请刷新后重试",
        new JsonObject()
            .put("entity", "reminder")
            .put("id", current.id())
            .put("expectedVersion", expected)
            .put("currentVersion", current.version()));
  }

  private static String finished(Reminder r) {
    return r.status() == ReminderStatus.DONE ? "完成" : "取消";
  }

  private static int clamp(int limit) {
    return Math.max(1, Math.min(limit, MAX_LIMIT));
  }

  private static List<Long> ids(RowSet<Row> rows) {
    List<Long> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(r.getLong(0));
    }
    return out;
  }

  private static List<Reminder> mapAll(RowSet<Row> rows) {
    List<Reminder> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(map(r));
    }
    return out;
  }

  private static Reminder map(Row r) {
    String[] channels = r.getArrayOfStrings("channels");
    return new Reminder(
        r.getLong("id"),
        r.getLong("owner_id"),
        r.getLong("customer_id"),
        r.getString("customer_name"),
        r.getLong("follow_up_id"),
        instant(r, "due_at"),
        RepeatRule.parse(r.getString("repeat_rule")),
        instant(r, "repeat_anchor"),
        channels == null ? List.of() : List.copyOf(Arrays.asList(channels)),
        r.getString("text"),
        ReminderStatus.of(r.getString("status")),
        r.getLong("created_by"),
        instant(r, "created_at"),
        instant(r, "updated_at"),
        instant(r, "sent_at"),
        r.getInteger("version"),
        r.getLong("next_id"));
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }
}
