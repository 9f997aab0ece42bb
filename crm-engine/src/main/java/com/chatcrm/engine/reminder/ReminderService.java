package com.chatcrm.engine.reminder;

import static com.chatcrm.engine.reminder.ReminderRows.clamp;
import static com.chatcrm.engine.reminder.ReminderRows.load;
import static com.chatcrm.engine.reminder.ReminderRows.utc;
import static com.chatcrm.engine.reminder.ReminderRows.visible;
import static com.chatcrm.engine.reminder.ReminderSeries.insert;
import static com.chatcrm.engine.reminder.ReminderSeries.nextAfter;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.input.DateBounds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
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
  static final Set<String> CHANNELS = Set.of("chat", "email");

  /**
   * A due time this far in the past is still accepted: the sender's clock and ours disagree a
   * little.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Pool pool;
  private final Clock clock;
  private final ReminderStatusChanges statusChanges;
  private final ReminderClaims claims;

  public ReminderService(Pool pool) {
    this(pool, Clock.systemUTC());
  }

  public ReminderService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.statusChanges = new ReminderStatusChanges(pool, clock);
    this.claims = new ReminderClaims(pool);
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
        .map(ReminderRows::mapAll);
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
        .map(ReminderRows::mapAll);
  }

  /**
   * Marks the reminder done. For a repeating one the next occurrence is scheduled now (if claiming
   * it has not done so already), in the tenant's time zone. Done twice is done once.
   */
  public Future<Reminder> done(Actor actor, long reminderId, int expectedVersion) {
    return statusChanges.done(actor, reminderId, expectedVersion);
  }

  /** Puts the reminder off until {@code until}, which must be in the future. */
  public Future<Reminder> snooze(Actor actor, long reminderId, int expectedVersion, Instant until) {
    return statusChanges.snooze(actor, reminderId, expectedVersion, until);
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
   * Changes the due time and / or the text (null leaves one as it is) of a reminder not yet done or
   * cancelled, at the version the actor saw. Who may: whoever may mark it done — its owner, their
   * managers, an admin; anyone else gets {@link com.chatcrm.engine.error.NotFound} as for a missing
   * id. Audited.
   */
  public Future<Reminder> edit(
      Actor actor, long reminderId, int expectedVersion, Instant dueAt, String text) {
    return statusChanges.edit(actor, reminderId, expectedVersion, dueAt, text);
  }

  /**
   * Calls the reminder off; for a repeating one, the whole series from here on (取消 means "stop
   * reminding me"). Cancelled twice is cancelled once.
   */
  public Future<Reminder> cancel(Actor actor, long reminderId, int expectedVersion) {
    return statusChanges.cancel(actor, reminderId, expectedVersion);
  }

  /**
   * Cancels the unfinished reminders made from a follow-up, inside the transaction deleting it. The
   * caller has checked it may.
   */
  public Future<List<Long>> cancelForFollowUp(SqlClient tx, Actor actor, long followUpId) {
    return statusChanges.cancelForFollowUp(tx, actor, followUpId);
  }

  /**
   * Cancels the given reminders that are still to come, inside the caller's transaction (an
   * instalment paid before its reminder). The caller has checked it may.
   */
  public Future<List<Long>> cancelInTransaction(
      SqlClient tx, Actor actor, List<Long> reminderIds, String reason) {
    return statusChanges.cancelInTransaction(tx, actor, reminderIds, reason);
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
    return claims.dueBetween(tenantId, from, to, limit);
  }

  /**
   * Atomically moves up to {@code limit} reminders due by {@code now} to 'sent' and returns them,
   * for the dispatcher to push. Concurrent claimers (other nodes) never get the same reminder. The
   * next occurrence of a repeating reminder is scheduled in the same transaction, so a dispatcher
   * that dies after claiming cannot end a series.
   */
  public Future<List<Reminder>> claimDue(long tenantId, Instant now, int limit) {
    return claims.claimDue(tenantId, now, limit);
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
    return claims.claimDueOf(tenantId, now, limits, staleBefore, staleAfter);
  }

  static String validText(String text) {
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
}
