package com.chatcrm.engine.schedule;

import com.chatcrm.engine.port.DirectorySync;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;

/**
 * The nightly full directory sync of each tenant, at its local time (default 02:30): platform
 * events can be missed (a callback URL down, an event the platform never sent), and a full sync is
 * what catches the members who left meanwhile, so their customers get handed over. Once a night per
 * tenant across nodes, claimed in {@code scheduled_run}; a node started after the hour syncs that
 * night's at its first tick (not at start: the sandbox companies were just synced then, and a start
 * is no time for a second pass over every directory). A sync that fails leaves the night claimed,
 * and after the lease this or another node tries again.
 */
public final class DirectorySyncVerticle extends PeriodicPass {

  /** Key in {@code tenant.settings.schedule} overriding the sync time, "HH:mm". */
  public static final String TENANT_SETTING = "directorySyncAt";

  /**
   * @param tick how often to look for tenants whose sync is due
   * @param runAt the local time of the nightly sync, unless the tenant set its own
   * @param lease after this a sync claimed but not finished is claimed again; a pass running this
   *     long is given up
   */
  public record Settings(Duration tick, LocalTime runAt, Duration lease) {

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(1), LocalTime.of(2, 30), Duration.ofMinutes(30));
    }

    /** The defaults at another time of night. */
    public static Settings at(LocalTime runAt) {
      Settings d = defaults();
      return new Settings(d.tick(), runAt, d.lease());
    }
  }

  private final DirectorySync directory;
  private final Clock clock;
  private final Settings settings;
  private final ScheduledRuns runs;

  public DirectorySyncVerticle(Pool pool, DirectorySync directory, Clock clock, Settings settings) {
    super(settings.tick(), "Directory sync", false, settings.lease());
    this.directory = directory;
    this.clock = clock;
    this.settings = settings;
    this.runs = new ScheduledRuns(pool, settings.lease());
  }

  @Override
  protected Future<Integer> pass() {
    return runs.daily(
        ScheduledRuns.DIRECTORY_SYNC,
        "Directory sync",
        clock.instant(),
        clock,
        t -> t.timeOf(TENANT_SETTING, settings.runAt()),
        (t, day) -> directory.syncDirectory(t.tenantId()).map(1),
        // a sync cut short by a database outage is counted there, not logged once per tenant
        this::countedAsOutage);
  }
}
