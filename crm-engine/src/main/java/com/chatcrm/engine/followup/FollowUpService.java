package com.chatcrm.engine.followup;

import com.chatcrm.engine.access.Access;
import com.chatcrm.engine.access.AccessResolver;
import com.chatcrm.engine.access.AccessTransaction;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.audit.AuditLog;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.error.Conflict;
import com.chatcrm.engine.error.Forbidden;
import com.chatcrm.engine.error.InvalidInput;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.input.ControlCharacters;
import com.chatcrm.engine.input.DateBounds;
import com.chatcrm.engine.reminder.NewReminder;
import com.chatcrm.engine.reminder.Reminder;
import com.chatcrm.engine.reminder.ReminderService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Follow-ups (跟进记录): log one on a customer the actor may edit — idempotently per chat message —
 * which also moves the customer's pool clock and makes the reminder for the next follow-up; read a
 * customer's timeline; soft delete.
 */
public final class FollowUpService {

  static final int MAX_CONTENT = 5000;
  static final int MAX_NEXT_STEP = 500;
  static final int MAX_PAGE = 100;

  /**
   * How far in the future a "happened" time may lie: clocks of phones and servers disagree a
   * little.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Pool pool;
  private final Clock clock;
  private final ReminderService reminders;
  private final FollowUpEdits edits;
  private final VisitCheckIns checkIns;
  private final TeamVisits teamVisits;

  public FollowUpService(Pool pool) {
    this(pool, Clock.systemUTC());
  }

  public FollowUpService(Pool pool, Clock clock) {
    this(pool, clock, new ReminderService(pool, clock));
  }

  public FollowUpService(Pool pool, Clock clock, ReminderService reminders) {
    this.pool = pool;
    this.clock = clock;
    this.reminders = reminders;
    this.edits = new FollowUpEdits(pool, clock);
    this.checkIns = new VisitCheckIns(pool, clock);
    this.teamVisits = new TeamVisits(pool);
  }

  /**
   * Logs a follow-up by the actor. When the actor's source is a chat message, logging it again (the
   * platform re-delivers) returns the same follow-up and changes nothing.
   */
  public Future<FollowUp> log(Actor actor, NewFollowUp input) {
    if (actor.isSystem()) {
      return Future.failedFuture(
          new Forbidden("a follow-up needs an author: the system cannot log one"));
    }
    Valid v;
    try {
      v = Valid.of(input, actor, clock.instant());
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    String messageId = messageId(actor);
    // No look-up of the message first: a chat message is logged once by the unique index, and a
    // message handled again (a retry after a later step failed) fails anywhere in here and then
    // finds what the first run logged.
    Future<FollowUp> logged =
        v.remind || v.opportunityId != null
            ? locked(actor, v, messageId)
            : AccessResolver.resolve(pool, actor)
                .compose(access -> own(access, v, messageId))
                .compose(f -> f != null ? Future.succeededFuture(f) : locked(actor, v, messageId));
    return logged.recover(
        e ->
            byMessage(pool, actor, messageId)
                .compose(f -> f != null ? Future.succeededFuture(f) : Future.failedFuture(e)));
  }

  /**
   * 拜访签到: a follow-up of method 拜访 at the server's time with where the actor's phone said they
   * were, on a customer they may follow up (one they may not see answers as missing). A second tap
   * within a minute returns the first check-in.
   */
  public Future<FollowUp> checkIn(Actor actor, long customerId, NewVisit visit) {
    return checkIns.checkIn(actor, customerId, visit);
  }

  /**
   * The 拜访 follow-ups of the people the actor sees (a rep: their own; a manager: their
   * departments'; an admin: everyone's) on days of the company's calendar.
   */
  public Future<TeamVisits.Result> teamVisits(Actor actor, TeamVisits.Query query) {
    return teamVisits.list(actor, query);
  }

  /** One follow-up, if the actor may see its customer. */
  public Future<FollowUp> get(Actor actor, long followUpId) {
    return AccessResolver.resolve(pool, actor)
        .compose(
            access ->
                load(pool, actor.tenantId(), followUpId, false)
                    .compose(
                        f ->
                            CustomerGuard.mustSee(pool, access, f.customerId(), missing(followUpId))
                                .map(f))
                    .compose(
                        f ->
                            f.deleted()
                                ? Future.failedFuture(new NotFound("跟进记录已删除（" + followUpId + "）"))
                                : CustomerGuard.readable(pool, access, f.customerId()).map(f)));
  }

  /**
   * A customer's follow-ups, newest first, {@code limit} at a time: pass the previous page's {@code
   * nextCursor} as {@code beforeCursor} (null for the first page).
   */
  public Future<TimelinePage> timeline(
      Actor actor, long customerId, String beforeCursor, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    TimelineCursor cursor;
    try {
      cursor =
          beforeCursor == null || beforeCursor.isBlank()
              ? null
              : TimelineCursor.decode(beforeCursor);
    } catch (InvalidInput e) {
      return Future.failedFuture(e);
    }
    long tenant = actor.tenantId();
    return AccessResolver.resolve(pool, actor)
        .compose(access -> CustomerGuard.readable(pool, access, customerId))
        .compose(
            c ->
                cursor == null
                    ? pool.preparedQuery(FollowUpSql.TIMELINE_FIRST)
                        .execute(Tuple.of(tenant, customerId, n + 1))
                    : pool.preparedQuery(FollowUpSql.TIMELINE_BEFORE)
                        .execute(
                            Tuple.of(
                                tenant, customerId, utc(cursor.happenedAt()), cursor.id(), n + 1)))
        .map(
            rows -> {
              List<FollowUp> items = new ArrayList<>();
              for (Row r : rows) {
                items.add(map(r));
              }
              if (items.size() <= n) {
                return new TimelinePage(List.copyOf(items), null);
              }
              List<FollowUp> page = List.copyOf(items.subList(0, n));
              return new TimelinePage(page, TimelineCursor.after(page.get(n - 1)).encode());
            });
  }

  /**
   * Corrects the content and / or the method (null leaves one as it is): only the author, within a
   * day of writing it; anyone else who may see it is refused with the reason, anyone who may not
   * gets {@link NotFound} as for a missing id. Audited.
   */
  public Future<FollowUp> edit(Actor actor, long followUpId, String content, String method) {
    return edits.edit(actor, followUpId, content, method);
  }

  /** Whether {@link #edit} would let the actor correct the follow-up now. */
  public boolean canEdit(Actor actor, FollowUp f) {
    return FollowUpEdits.canEdit(actor, f, clock.instant());
  }

  /**
   * Soft delete, by the author or someone who manages them (or an admin). Its unfinished reminder
   * is cancelled with it.
   */
  public Future<FollowUp> delete(Actor actor, long followUpId) {
    return AccessTransaction.run(
        pool,
        actor,
        (tx, access) ->
            load(tx, actor.tenantId(), followUpId, true)
                // one on a customer the actor may not see answers like a missing id, before naming
                // its author
                .compose(
                    current ->
                        CustomerGuard.mustSee(tx, access, current.customerId(), missing(followUpId))
                            .map(current))
                .compose(
                    current -> {
                      if (current.deleted()) {
                        return Future.succeededFuture(current);
                      }
                      if (!access.seesOwner(current.authorId())) {
                        return Future.failedFuture(
                            new Forbidden("只有记录人" + current.authorName() + "、其上级或管理员可以删除这条跟进记录"));
                      }
                      return tx.preparedQuery(FollowUpSql.SOFT_DELETE)
                          .execute(Tuple.of(actor.tenantId(), followUpId))
                          .compose(x -> reminders.cancelForFollowUp(tx, actor, followUpId))
                          .compose(
                              cancelled ->
                                  AuditLog.record(
                                      tx,
                                      actor,
                                      "delete",
                                      "follow_up",
                                      followUpId,
                                      new JsonObject()
                                          .put("customerId", current.customerId())
                                          .put("cancelledReminders", new JsonArray(cancelled))))
                          .compose(x -> load(tx, actor.tenantId(), followUpId, false));
                    }));
  }

  private Future<FollowUp> locked(Actor actor, Valid v, String messageId) {
    return AccessTransaction.run(pool, actor, (tx, access) -> record(tx, access, v, messageId));
  }

  /**
   * Nearly every 跟进 from chat: the owner's, without a reminder or a deal. One statement instead of
   * a transaction that locks and reads the customer: it writes only while the customer is the
   * author's (see {@link FollowUpSql#INSERT_OWN_AUDITED}); null when it is not — someone else's
   * whom the author may edit (a manager, a collaborator), one they may not see, a pool customer, a
   * deleted one — and the locked path decides, with its own answer for each.
   */
  private Future<FollowUp> own(Access access, Valid v, String messageId) {
    Actor actor = access.actor();
    return pool.preparedQuery(FollowUpSql.INSERT_OWN_AUDITED)
        .execute(insertArguments(actor, v.customerId, v, messageId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              Row inserted = rows.iterator().next();
              return written(
                  actor,
                  v.customerId,
                  inserted.getString("customer_name"),
                  v,
                  messageId,
                  inserted,
                  null);
            });
  }

  private static Tuple insertArguments(Actor actor, long customerId, Valid v, String messageId) {
    return Tuple.from(
        new Object[] {
          actor.tenantId(),
          customerId,
          v.opportunityId,
          actor.userId(),
          v.method.code(),
          v.content,
          utc(v.happenedAt),
          v.nextStep,
          utc(v.nextFollowUpAt),
          actor.source().followUpSource(),
          messageId,
          actor.source().kind(),
          actor.source().ref(),
          v.toJson()
        });
  }

  /** What was written, as a read of it would say, without reading it. */
  private static FollowUp written(
      Actor actor,
      long customerId,
      String customerName,
      Valid v,
      String messageId,
      Row inserted,
      Long reminderId) {
    return new FollowUp(
        inserted.getLong("id"),
        customerId,
        customerName,
        v.opportunityId,
        actor.userId(),
        inserted.getString("author_name"),
        v.method,
        v.content,
        instant(inserted, "happened_at"),
        v.nextStep,
        instant(inserted, "next_follow_up_at"),
        actor.source().followUpSource(),
        messageId,
        reminderId,
        instant(inserted, "created_at"),
        false,
        null);
  }

  // ------------------------------------------------------------------------------------------

  private Future<FollowUp> record(SqlClient tx, Access access, Valid v, String messageId) {
    Actor actor = access.actor();
    long tenant = actor.tenantId();
    return CustomerGuard.editable(tx, access, v.customerId, true)
        .compose(
            customer ->
                sameCustomerOpportunity(tx, tenant, v.opportunityId, customer)
                    .compose(
                        x ->
                            tx.preparedQuery(FollowUpSql.INSERT_AUDITED)
                                .execute(insertArguments(actor, customer.id(), v, messageId)))
                    .map(rows -> rows.iterator().next())
                    .compose(
                        inserted -> {
                          long id = inserted.getLong("id");
                          Future<Long> reminder =
                              v.remind
                                  ? reminders
                                      .createInTransaction(
                                          tx,
                                          access,
                                          NewReminder.at(
                                                  v.nextFollowUpAt,
                                                  reminderText(customer, v.nextStep))
                                              .aboutCustomer(customer.id()),
                                          id)
                                      .map(Reminder::id)
                                  : Future.succeededFuture();
                          return reminder.map(
                              reminderId ->
                                  written(
                                      actor,
                                      customer.id(),
                                      customer.name(),
                                      v,
                                      messageId,
                                      inserted,
                                      reminderId));
                        }));
  }

  /** 跟进「星辰科技」：带报价单再去一次 — the card must make sense on its own. */
  private static String reminderText(Customer customer, String nextStep) {
    String head = "跟进「" + customer.name() + "」";
    return nextStep == null ? head : head + "：" + nextStep;
  }

  private static Future<Void> sameCustomerOpportunity(
      SqlClient tx, long tenant, Long opportunityId, Customer customer) {
    if (opportunityId == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(FollowUpSql.OPPORTUNITY)
        .execute(Tuple.of(tenant, opportunityId))
        .compose(
            rows -> {
              if (rows.size() == 0 || rows.iterator().next().getValue("deleted_at") != null) {
                return Future.failedFuture(
                    InvalidInput.field("opportunityId", "商机不存在（" + opportunityId + "）"));
              }
              if (rows.iterator().next().getLong("customer_id") != customer.id()) {
                return Future.failedFuture(
                    InvalidInput.field("opportunityId", "这个商机不属于客户「" + customer.name() + "」"));
              }
              return Future.succeededFuture();
            });
  }

  /** Only a chat message id is a per-message key; an import job id is shared by all its rows. */
  private static String messageId(Actor actor) {
    String ref = actor.source().ref();
    return "chat".equals(actor.source().kind()) && ref != null && !ref.isBlank() ? ref : null;
  }

  private static Future<FollowUp> byMessage(SqlClient db, Actor actor, String messageId) {
    if (messageId == null) {
      return Future.succeededFuture();
    }
    return db.preparedQuery(FollowUpSql.BY_MESSAGE)
        .execute(Tuple.of(actor.tenantId(), messageId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              FollowUp found = map(rows.iterator().next());
              if (found.authorId() != actor.userId()) {
                return Future.failedFuture(
                    new Conflict("message " + messageId + " was logged by another user"));
              }
              return Future.succeededFuture(found);
            });
  }

  static NotFound missing(long id) {
    return new NotFound("跟进记录不存在（" + id + "）");
  }

  static Future<FollowUp> load(SqlClient db, long tenantId, long id, boolean forUpdate) {
    return db.preparedQuery(forUpdate ? FollowUpSql.BY_ID_FOR_UPDATE : FollowUpSql.BY_ID)
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw missing(id);
              }
              return map(rows.iterator().next());
            });
  }

  static FollowUp map(Row r) {
    return new FollowUp(
        r.getLong("id"),
        r.getLong("customer_id"),
        r.getString("customer_name"),
        r.getLong("opportunity_id"),
        r.getLong("author_id"),
        r.getString("author_name"),
        FollowUpMethod.parse(r.getString("method")),
        r.getString("content"),
        instant(r, "happened_at"),
        r.getString("next_step"),
        instant(r, "next_follow_up_at"),
        r.getString("source"),
        r.getString("source_message_id"),
        r.getLong("reminder_id"),
        instant(r, "created_at"),
        r.getValue("deleted_at") != null,
        CheckIn.of(r));
  }

  static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  /** The checked, normalised input; {@code remind} says whether a reminder is due. */
  private record Valid(
      long customerId,
      Long opportunityId,
      FollowUpMethod method,
      String content,
      Instant happenedAt,
      String nextStep,
      Instant nextFollowUpAt,
      boolean remind) {

    static Valid of(NewFollowUp in, Actor actor, Instant now) {
      if (in.customerId() <= 0) {
        throw InvalidInput.field("customerId", "请指定客户");
      }
      FollowUpMethod method = FollowUpMethod.parse(in.method());
      String content =
          ControlCharacters.refuse("content", in.content()) == null ? "" : in.content().strip();
      ControlCharacters.refuse("nextStep", in.nextStep());
      if (content.isEmpty()) {
        throw InvalidInput.field("content", "跟进内容不能为空");
      }
      if (content.length() > MAX_CONTENT) {
        throw InvalidInput.field("content", "跟进内容不能超过 " + MAX_CONTENT + " 个字");
      }
      Instant happened =
          in.happenedAt() == null ? now : DateBounds.refuse("happenedAt", in.happenedAt());
      DateBounds.refuse("nextFollowUpAt", in.nextFollowUpAt());
      if (happened.isAfter(now.plus(CLOCK_SKEW))) {
        throw InvalidInput.field("happenedAt", "跟进时间不能晚于现在");
      }
      String step = in.nextStep() == null || in.nextStep().isBlank() ? null : in.nextStep().strip();
      if (step != null && step.length() > MAX_NEXT_STEP) {
        throw InvalidInput.field("nextStep", "下一步不能超过 " + MAX_NEXT_STEP + " 个字");
      }
      Instant next = in.nextFollowUpAt();
      boolean past = next != null && next.isBefore(now.minus(CLOCK_SKEW));
      // An import carries history: a next time long gone is kept as a fact, but nobody is reminded
      // of it.
      if (past && !"import".equals(actor.source().kind())) {
        throw InvalidInput.field("nextFollowUpAt", "下次跟进时间已经过去了");
      }
      return new Valid(
          in.customerId(),
          in.opportunityId(),
          method,
          content,
          happened,
          step,
          next,
          next != null && !past);
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("customerId", customerId)
          .put("opportunityId", opportunityId)
          .put("method", method.code())
          .put("content", content)
          .put("happenedAt", happenedAt.toString())
          .put("nextStep", nextStep)
          .put("nextFollowUpAt", nextFollowUpAt == null ? null : nextFollowUpAt.toString());
    }
  }
}
