package com.chatcrm.engine.contract;

import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notification.Field;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.report.Yuan;
import com.chatcrm.engine.schedule.PeriodicPass;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * 回款逾期: once the morning hour has come in the tenant's zone, tells the owner of an instalment
 * unpaid after its due day, once; {@code escalateAfterDays} days later, the owner's managers too,
 * once. The stamps on the instalment say who was told; a push is keyed by the instalment, so a pass
 * that pushed and failed before stamping (another node, a crash) pushes nothing twice. A pass goes
 * tenant by tenant and reads only the instalments past due that still owe a notice.
 */
public final class CollectionOverdueVerticle extends PeriodicPass {

  /**
   * @param notifyAt the local time from which the overdue are told of
   * @param escalateAfterDays an instalment this many days overdue is told to the owner's managers
   */
  public record Settings(Duration tick, LocalTime notifyAt, int escalateAfterDays, Duration lease) {

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(1), LocalTime.of(9, 0), 7, Duration.ofMinutes(5));
    }
  }

  /** At most this many instalments of one tenant a pass; the rest are told the next minute. */
  static final int BATCH = 500;

  /**
   * The instalments that owe a notice: unpaid, and not both told and escalated. What V33's {@code
   * contract_instalment_owing_idx} holds, so a pass never reads the instalments told of for good.
   */
  private static final String OWING =
      "i.paid_at IS NULL AND (i.overdue_told_at IS NULL OR i.escalated_at IS NULL)";

  /**
   * $1 now, $2 notify time, $3 escalate after days: the tenants past their notify time with an
   * instalment to tell of, with their day. One probe of the index per tenant.
   */
  static final String TENANTS =
      """
      SELECT t.tenant_id, ($1::timestamptz AT TIME ZONE t.time_zone)::date AS today
        FROM tenant t
       WHERE t.disabled_at IS NULL
         AND ($1::timestamptz AT TIME ZONE t.time_zone)::time >= $2
         AND EXISTS (SELECT 1 FROM contract_instalment i
                      WHERE i.tenant_id = t.tenant_id AND %s
                        AND i.due_on < ($1::timestamptz AT TIME ZONE t.time_zone)::date
                        AND (i.overdue_told_at IS NULL
                             OR i.due_on <= ($1::timestamptz AT TIME ZONE t.time_zone)::date - $3::int))
       ORDER BY t.tenant_id
      """
          .formatted(OWING);

  /**
   * $1 tenant, $2 the tenant's day, $3 escalate after days: its instalments past their due day
   * whose owner was not told, or due for escalation and not escalated. The index's range ends at
   * today, so instalments not yet due are not read either.
   */
  static final String DUE =
      """
      SELECT i.id, i.seq, i.due_on, i.amount - i.received AS outstanding, k.number,
             k.owner_id, c.name AS customer_name, u.name AS owner_name,
             ($2::date - i.due_on) AS days,
             i.overdue_told_at IS NULL AS tell_owner
        FROM contract_instalment i
        JOIN contract k ON k.tenant_id = i.tenant_id AND k.id = i.contract_id AND k.deleted_at IS NULL
        JOIN customer c ON c.tenant_id = k.tenant_id AND c.id = k.customer_id
        JOIN crm_user u ON u.tenant_id = k.tenant_id AND u.id = k.owner_id AND u.active
       WHERE i.tenant_id = $1 AND %s
         AND i.due_on < $2::date
         AND (i.overdue_told_at IS NULL OR i.due_on <= $2::date - $3::int)
       ORDER BY i.due_on, i.id
       LIMIT %d
      """
          .formatted(OWING, BATCH);

  /** The managers of the departments of user $2, the user excepted. */
  private static final String MANAGERS =
      """
      SELECT DISTINCT dm.user_id
        FROM user_department ud
        JOIN department_manager dm ON dm.tenant_id = ud.tenant_id AND dm.department_id = ud.department_id
        JOIN crm_user m ON m.tenant_id = dm.tenant_id AND m.id = dm.user_id AND m.active
       WHERE ud.tenant_id = $1 AND ud.user_id = $2 AND dm.user_id <> ud.user_id
      """;

  private static final String TOLD =
      "UPDATE contract_instalment SET overdue_told_at = coalesce(overdue_told_at, now()),"
          + " escalated_at = CASE WHEN $3 THEN coalesce(escalated_at, now()) ELSE escalated_at END"
          + " WHERE tenant_id = $1 AND id = $2";

  private record Overdue(
      long tenantId,
      long id,
      int seq,
      LocalDate dueOn,
      java.math.BigDecimal outstanding,
      String number,
      long ownerId,
      String customer,
      String ownerName,
      int days,
      boolean tellOwner) {}

  private final Pool pool;
  private final Notifier notifier;
  private final Clock clock;
  private final Settings settings;

  public CollectionOverdueVerticle(Pool pool, Notifier notifier, Clock clock, Settings settings) {
    super(settings.tick(), "Collection overdue", false, settings.lease());
    this.pool = pool;
    this.notifier = notifier;
    this.clock = clock;
    this.settings = settings;
  }

  public static String ownerKey(long instalmentId) {
    return "collection.overdue:" + instalmentId;
  }

  public static String managerKey(long instalmentId, long managerId) {
    return "collection.escalate:" + instalmentId + ":" + managerId;
  }

  /**
   * Tenant by tenant; one tenant's failure is logged and the others are told all the same (what it
   * pushed is keyed, what it did not is found again the next minute).
   */
  @Override
  protected Future<Integer> pass() {
    return pool.preparedQuery(TENANTS)
        .execute(
            Tuple.of(
                clock.instant().atOffset(ZoneOffset.UTC),
                settings.notifyAt(),
                settings.escalateAfterDays()))
        .compose(
            tenants -> {
              Future<Integer> told = Future.succeededFuture(0);
              for (Row t : tenants) {
                long tenant = t.getLong("tenant_id");
                LocalDate today = t.getLocalDate("today");
                told =
                    told.compose(
                        n ->
                            tenant(tenant, today)
                                .otherwise(e -> tenantFailed(tenant, e))
                                .map(m -> n + m));
              }
              return told;
            });
  }

  private Future<Integer> tenant(long tenant, LocalDate today) {
    return pool.preparedQuery(DUE)
        .execute(Tuple.of(tenant, today, settings.escalateAfterDays()))
        .compose(
            rows -> {
              Future<Integer> told = Future.succeededFuture(0);
              for (Row r : rows) {
                Overdue o = overdue(tenant, r);
                told = told.compose(n -> tell(o).map(m -> n + m));
              }
              return told;
            });
  }

  private Future<Integer> tell(Overdue o) {
    boolean escalate = o.days() >= settings.escalateAfterDays();
    Future<Integer> owner =
        o.tellOwner()
            ? notifier.push(o.tenantId(), o.ownerId(), toOwner(o)).map(1)
            : Future.succeededFuture(0);
    Future<Integer> managers =
        owner.compose(
            n ->
                !escalate
                    ? Future.succeededFuture(n)
                    : pool.preparedQuery(MANAGERS)
                        .execute(Tuple.of(o.tenantId(), o.ownerId()))
                        .compose(
                            rows -> {
                              List<Future<Void>> pushes = new ArrayList<>();
                              for (Row m : rows) {
                                long manager = m.getLong(0);
                                pushes.add(
                                    notifier.push(o.tenantId(), manager, toManager(o, manager)));
                              }
                              return Future.all(pushes).map(n + pushes.size());
                            }));
    return managers.compose(
        n -> pool.preparedQuery(TOLD).execute(Tuple.of(o.tenantId(), o.id(), escalate)).map(n));
  }

  private static Overdue overdue(long tenant, Row r) {
    return new Overdue(
        tenant,
        r.getLong("id"),
        r.getInteger("seq"),
        r.getLocalDate("due_on"),
        r.getBigDecimal("outstanding"),
        r.getString("number"),
        r.getLong("owner_id"),
        r.getString("customer_name"),
        r.getString("owner_name"),
        r.getInteger("days"),
        r.getBoolean("tell_owner"));
  }

  private static Notification toOwner(Overdue o) {
    return Notification.of(
        "回款逾期",
        "%s 合同 %s 第%d期 已逾期 %d 天，还有 %s 未回款。收到后在聊天里说「%s 回款 金额」即可记录。"
            .formatted(
                o.customer(),
                o.number(),
                o.seq(),
                o.days(),
                Yuan.format(o.outstanding()),
                o.customer()),
        List.of(
            new Field("到期日", o.dueOn().toString()), new Field("未回款", Yuan.format(o.outstanding()))),
        ownerKey(o.id()));
  }

  private static Notification toManager(Overdue o, long manager) {
    return Notification.of(
        "团队回款逾期",
        "%s 负责的 %s 合同 %s 第%d期 已逾期 %d 天，还有 %s 未回款。"
            .formatted(
                o.ownerName(),
                o.customer(),
                o.number(),
                o.seq(),
                o.days(),
                Yuan.format(o.outstanding())),
        List.of(new Field("到期日", o.dueOn().toString()), new Field("负责人", o.ownerName())),
        managerKey(o.id(), manager));
  }
}
