package com.chatcrm.engine.schedule;

import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notification.Button;
import com.chatcrm.engine.port.Notification.Field;
import com.chatcrm.engine.port.Notifier;
import com.chatcrm.engine.reminder.Snooze;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every morning (tenant local time, default 09:00) tells each owner of reminders pushed and still
 * not done about them, once a day; reminders overdue {@code escalateAfterDays} days or more are
 * also reported to the owner's managers. Once a day per tenant across nodes ({@code scheduled_run},
 * subject 0); a run taken over after a crash pushes under the same dedupe keys, so nobody is told
 * twice.
 */
public final class OverdueNudgeVerticle extends PeriodicPass {

  /** Key in {@code tenant.settings.schedule} overriding the nudge time, "HH:mm". */
  public static final String TENANT_SETTING = "overdueNudgeAt";

  private static final int LISTED = 10;

  /**
   * @param nudgeAt the local time of the morning nudge, unless the tenant set its own
   * @param escalateAfterDays a reminder this many days overdue is reported to the owner's managers
   *     too
   * @param lookBackDays reminders overdue longer than this are no longer nudged about
   */
  public record Settings(
      Duration tick, LocalTime nudgeAt, int escalateAfterDays, int lookBackDays, Duration lease) {

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(1), LocalTime.of(9, 0), 3, 30, Duration.ofMinutes(10));
    }
  }

  private record Overdue(
      long id, long ownerId, String ownerName, String text, String customer, long days) {}

  private final Pool pool;
  private final Notifier notifier;
  private final Clock clock;
  private final Settings settings;
  private final ScheduledRuns runs;

  public OverdueNudgeVerticle(Pool pool, Notifier notifier, Clock clock, Settings settings) {
    super(settings.tick(), "Overdue nudge", false, settings.lease());
    this.pool = pool;
    this.notifier = notifier;
    this.clock = clock;
    this.settings = settings;
    this.runs = new ScheduledRuns(pool, settings.lease());
  }

  public static String nudgeKey(long ownerId, LocalDate day) {
    return "overdue:" + ownerId + ":" + day;
  }

  public static String escalationKey(long managerId, LocalDate day) {
    return "overdue-team:" + managerId + ":" + day;
  }

  @Override
  protected Future<Integer> pass() {
    return runs.daily(
        ScheduledRuns.OVERDUE_NUDGE,
        "Overdue nudge",
        clock.instant(),
        clock,
        t -> t.timeOf(TENANT_SETTING, settings.nudgeAt()),
        this::run,
        this::countedAsOutage);
  }

  private Future<Integer> run(TenantClock t, LocalDate day) {
    Instant startOfDay = day.atStartOfDay(t.zone()).toInstant();
    Instant lookBack = day.minusDays(settings.lookBackDays()).atStartOfDay(t.zone()).toInstant();
    return pool.preparedQuery(ScheduleSql.OVERDUE)
        .execute(Tuple.of(t.tenantId(), ScheduledRuns.utc(startOfDay), ScheduledRuns.utc(lookBack)))
        .compose(
            rows -> {
              Map<Long, List<Overdue>> byOwner = new LinkedHashMap<>();
              for (Row r : rows) {
                LocalDate due =
                    r.getOffsetDateTime("due_at").atZoneSameInstant(t.zone()).toLocalDate();
                Overdue o =
                    new Overdue(
                        r.getLong("id"),
                        r.getLong("owner_id"),
                        r.getString("owner_name"),
                        r.getString("text"),
                        r.getString("customer_name"),
                        ChronoUnit.DAYS.between(due, day));
                byOwner.computeIfAbsent(o.ownerId(), k -> new ArrayList<>()).add(o);
              }
              List<Future<Void>> pushes = new ArrayList<>();
              byOwner.forEach(
                  (owner, list) ->
                      pushes.add(notifier.push(t.tenantId(), owner, nudge(owner, day, list))));
              return Future.all(pushes)
                  .compose(v -> escalate(t, day, byOwner))
                  .map(n -> pushes.size() + n);
            });
  }

  private Future<Integer> escalate(TenantClock t, LocalDate day, Map<Long, List<Overdue>> byOwner) {
    Map<Long, List<Overdue>> late = new LinkedHashMap<>();
    byOwner.forEach(
        (owner, list) -> {
          List<Overdue> old =
              list.stream().filter(o -> o.days() >= settings.escalateAfterDays()).toList();
          if (!old.isEmpty()) {
            late.put(owner, old);
          }
        });
    if (late.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(ScheduleSql.MANAGERS_OF)
        .execute(
            Tuple.tuple().addLong(t.tenantId()).addArrayOfLong(late.keySet().toArray(Long[]::new)))
        .compose(
            rows -> {
              Map<Long, Set<Long>> ownersOf = new HashMap<>();
              for (Row r : rows) {
                ownersOf
                    .computeIfAbsent(r.getLong("manager_id"), k -> new TreeSet<>())
                    .add(r.getLong("user_id"));
              }
              List<Future<Void>> pushes = new ArrayList<>();
              ownersOf.forEach(
                  (manager, owners) -> {
                    List<List<Overdue>> team = owners.stream().map(late::get).toList();
                    pushes.add(
                        notifier.push(t.tenantId(), manager, escalation(manager, day, team)));
                  });
              return Future.all(pushes).map(pushes.size());
            });
  }

  private Notification nudge(long owner, LocalDate day, List<Overdue> list) {
    StringBuilder md = new StringBuilder();
    list.stream()
        .limit(LISTED)
        .forEach(
            o ->
                md.append("- ")
                    .append(o.customer() == null ? "" : o.customer() + "：")
                    .append(o.text())
                    .append("（逾期 ")
                    .append(Math.max(1, o.days()))
                    .append(" 天）\n"));
    if (list.size() > LISTED) {
      md.append("…… 共 ").append(list.size()).append(" 条\n");
    }
    List<Button> buttons =
        list.size() == 1
            ? List.of(
                new Button("reminder.done:" + list.get(0).id(), "完成"),
                new Button(
                    "reminder.snooze:" + list.get(0).id() + ":" + Snooze.TOMORROW.keyPart(),
                    "明天再说"))
            : List.of();
    return new Notification(
        "逾期未完成的跟进",
        md.toString().strip(),
        List.of(new Field("逾期", list.size() + " 条")),
        buttons,
        nudgeKey(owner, day),
        List.of(Notification.CHAT));
  }

  private Notification escalation(long manager, LocalDate day, List<List<Overdue>> team) {
    StringBuilder md = new StringBuilder();
    int total = 0;
    for (List<Overdue> list : team) {
      long oldest = list.stream().mapToLong(Overdue::days).max().orElse(0);
      md.append("- ")
          .append(list.get(0).ownerName())
          .append("：")
          .append(list.size())
          .append(" 条，最久逾期 ")
          .append(oldest)
          .append(" 天\n");
      total += list.size();
    }
    md.append("以上跟进已逾期 ").append(settings.escalateAfterDays()).append(" 天以上。");
    return Notification.of(
        "团队逾期跟进",
        md.toString(),
        List.of(new Field("逾期", total + " 条")),
        escalationKey(manager, day));
  }
}
