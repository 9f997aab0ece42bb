package com.chatcrm.engine.schedule;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.pool.PoolReclaimer;
import com.chatcrm.engine.pool.PoolWarning;
import com.chatcrm.engine.pool.ReclaimedCustomer;
import com.chatcrm.engine.port.Notification;
import com.chatcrm.engine.port.Notifier;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly 公海 run of each tenant, at its local time (default 02:00): first warn owners whose
 * customers return to the pool within the warning days, then return the neglected customers and
 * tell their previous owners. Once a night per tenant across nodes, claimed in {@code
 * scheduled_run}; a node started after the hour runs it at once.
 */
public final class PoolReclaimVerticle extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(PoolReclaimVerticle.class);

  /** Key in {@code tenant.settings.schedule} overriding the run time, "HH:mm". */
  public static final String TENANT_SETTING = "poolReclaimAt";

  private static final int LISTED = 10;

  /**
   * @param tick how often to look for tenants whose run is due
   * @param runAt the local time of the nightly run, unless the tenant set its own
   * @param batchSize customers warned or reclaimed per statement
   * @param lease after this a run claimed but not finished is claimed again
   */
  public record Settings(Duration tick, LocalTime runAt, int batchSize, Duration lease) {

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(1), LocalTime.of(2, 0), 500, Duration.ofMinutes(30));
    }
  }

  private final PoolReclaimer reclaimer;
  private final Notifier notifier;
  private final Clock clock;
  private final Settings settings;
  private final ScheduledRuns runs;

  public PoolReclaimVerticle(Pool pool, Notifier notifier, Clock clock, Settings settings) {
    super(settings.tick(), "Pool reclaim", false, settings.lease());
    this.reclaimer = new PoolReclaimer(pool, clock);
    this.notifier = notifier;
    this.clock = clock;
    this.settings = settings;
    this.runs = new ScheduledRuns(pool, settings.lease());
  }

  @Override
  protected Future<Integer> pass() {
    Instant now = clock.instant();
    // each step is idempotent: a night left unfinished is simply run again after the lease
    return runs.daily(
        ScheduledRuns.POOL_RECLAIM,
        "Pool reclaim",
        now,
        clock,
        t -> t.timeOf(TENANT_SETTING, settings.runAt()),
        (t, day) -> night(t, day, now).map(1),
        this::countedAsOutage);
  }

  private Future<Void> night(TenantClock t, LocalDate day, Instant now) {
    Actor system = Actor.system(t.tenantId(), "pool-reclaim");
    return warn(system, day, now).compose(v -> reclaim(system, day, now));
  }

  /**
   * Warns owners page by page; a page is marked warned only once its owners' warnings are queued.
   */
  private Future<Void> warn(Actor system, LocalDate day, Instant now) {
    return reclaimer
        .dueForWarning(system, now, settings.batchSize())
        .compose(
            page -> {
              if (page.isEmpty()) {
                return Future.succeededFuture();
              }
              Map<Long, List<PoolWarning>> byOwner = new LinkedHashMap<>();
              page.forEach(
                  w -> byOwner.computeIfAbsent(w.ownerId(), k -> new ArrayList<>()).add(w));
              List<Future<Void>> pushes = new ArrayList<>();
              byOwner.forEach(
                  (owner, list) ->
                      pushes.add(
                          notifier.push(system.tenantId(), owner, warning(owner, day, list))));
              return Future.all(pushes)
                  .compose(
                      v ->
                          reclaimer.markWarned(
                              system, page.stream().map(PoolWarning::customerId).toList()))
                  .compose(
                      v ->
                          page.size() < settings.batchSize()
                              ? Future.succeededFuture()
                              : warn(system, day, now));
            });
  }

  private Future<Void> reclaim(Actor system, LocalDate day, Instant now) {
    return reclaimer
        .reclaim(system, now, settings.batchSize())
        .compose(
            batch -> {
              if (batch.isEmpty()) {
                return Future.succeededFuture();
              }
              Map<Long, List<ReclaimedCustomer>> byOwner = new LinkedHashMap<>();
              batch.forEach(
                  c -> byOwner.computeIfAbsent(c.previousOwnerId(), k -> new ArrayList<>()).add(c));
              List<Future<Void>> pushes = new ArrayList<>();
              // the customers are back in the pool already (and audited): a notice that fails is
              // logged, not retried
              byOwner.forEach(
                  (owner, list) ->
                      pushes.add(
                          notifier
                              .push(system.tenantId(), owner, reclaimed(owner, day, list))
                              .recover(
                                  e -> {
                                    LOG.warn(
                                        "Reclaim notice to user {} of tenant {} not queued: {}",
                                        owner,
                                        system.tenantId(),
                                        e.getMessage());
                                    return Future.succeededFuture();
                                  })));
              return Future.all(pushes)
                  .compose(
                      v ->
                          batch.size() < settings.batchSize()
                              ? Future.succeededFuture()
                              : reclaim(system, day, now));
            });
  }

  static Notification warning(long owner, LocalDate day, List<PoolWarning> list) {
    StringBuilder md = new StringBuilder();
    list.stream()
        .limit(LISTED)
        .forEach(
            w ->
                md.append("- ")
                    .append(w.customerName())
                    .append("（")
                    .append(w.level().label())
                    .append("）：")
                    .append(w.daysLeft())
                    .append(" 天后（")
                    .append(w.reclaimOn().getMonthValue())
                    .append("月")
                    .append(w.reclaimOn().getDayOfMonth())
                    .append("日）退回公海\n"));
    if (list.size() > LISTED) {
      md.append("…… 共 ").append(list.size()).append(" 个客户\n");
    }
    md.append("跟进一次即可保留。");
    return Notification.of(
        "客户即将退回公海",
        md.toString(),
        List.of(new Notification.Field("客户数", Integer.toString(list.size()))),
        "pool-warning:" + owner + ":" + day + ":" + list.get(0).customerId());
  }

  static Notification reclaimed(long owner, LocalDate day, List<ReclaimedCustomer> list) {
    StringBuilder md = new StringBuilder();
    list.stream().limit(LISTED).forEach(c -> md.append("- ").append(c.customerName()).append('\n'));
    if (list.size() > LISTED) {
      md.append("…… 共 ").append(list.size()).append(" 个客户\n");
    }
    md.append("长期未跟进，已退回公海，同事可以领取。");
    return Notification.of(
        "客户已退回公海",
        md.toString(),
        List.of(new Notification.Field("客户数", Integer.toString(list.size()))),
        "pool-reclaimed:" + owner + ":" + day + ":" + list.get(0).customerId());
  }
}
