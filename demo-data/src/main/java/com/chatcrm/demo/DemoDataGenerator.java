package com.chatcrm.demo;

import com.chatcrm.engine.db.DatabaseLocation;
import io.vertx.core.Context;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Creates a realistic demo tenant: a department tree (总部 → 4 大区 → 3-5 销售组), managers for every
 * department, reps with Chinese names, customers with plausible and 查重-unique company names,
 * contacts, opportunities with their stage history, follow-ups over the last twelve months with
 * reminders. The org comes through the engine's own services; the bulk goes in with COPY, in one
 * transaction, so a failed run leaves no half tenant behind. Everything derives from the seed and
 * the clock: the same seed gives the same tenant.
 *
 * <p>The data agrees with the engine's rules: derived search columns as {@code CustomerService}
 * fills them, {@code last_follow_up_at} = the latest follow-up, customers past their pool-rule
 * deadline in the pool (as a year under the rule would have left them), a reminder for every
 * follow-up with a next follow-up time, identity sequences continuing after the generated ids.
 * Activity per day stays roughly flat over the year.
 *
 * <p>When all the bulk tables are empty (a fresh database) their secondary indexes and foreign keys
 * are dropped for the load and rebuilt from their own definitions afterwards, in the same
 * transaction; otherwise they stay and are maintained row by row, which is far slower at full size.
 *
 * <p><b>Blocking:</b> JDBC and waits on futures. Run it on {@code main} or a worker thread, never
 * on an event loop (it refuses to).
 */
public final class DemoDataGenerator {

  /**
   * The demo company's zone; {@link DemoPlan}'s working-hours arithmetic assumes no daylight
   * saving.
   */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  static final String[] BULK_TABLES = {
    "customer",
    "customer_collaborator",
    "contact",
    "opportunity",
    "opportunity_stage_move",
    "follow_up",
    "reminder"
  };

  private final Pool pool;
  private final DatabaseLocation database;
  private final Clock clock;
  private final DemoProgress progress;
  private final int progressEvery;

  /**
   * @param pool for the org set-up through the engine's services
   * @param database the same database, for JDBC COPY
   * @param progressEvery a progress report every this many rows of a table
   */
  public DemoDataGenerator(
      Pool pool, DatabaseLocation database, Clock clock, DemoProgress progress, int progressEvery) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.database = Objects.requireNonNull(database, "database");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.progressEvery = Math.max(1, progressEvery);
  }

  public DemoDataGenerator(
      Pool pool, DatabaseLocation database, Clock clock, DemoProgress progress) {
    this(pool, database, clock, progress, 500_000);
  }

  /**
   * Registers the tenant (platform + corp id) unless it exists, builds its org and fills it.
   * Refuses a tenant that has customers already. Blocks until done.
   */
  public DemoResult generate(String platform, String corpId, DemoSize size, long seed) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(
          "the demo-data generator blocks: run it on a worker or main thread, never on an event loop");
    }
    long started = System.nanoTime();
    DemoSteps steps = new DemoSteps(progress, progressEvery);
    long now = clock.instant().getEpochSecond();

    long t = System.nanoTime();
    DemoOrg org = DemoOrg.create(pool, platform, corpId, size, seed);
    steps.finished("org (departments, users)", org.userCount(), t);

    try (Connection c = connect()) {
      refuseFilledTenant(c, org.tenantId);
      c.setAutoCommit(false);
      long zoneOffset = ZONE.getRules().getOffset(clock.instant()).getTotalSeconds();
      boolean rebuilt = new DemoBulkLoad(c, org, size, seed, now, zoneOffset, steps).run();
      c.commit();
      c.setAutoCommit(true);
      t = System.nanoTime();
      try (Statement st = c.createStatement()) {
        // Sets the visibility map, so that index-only scans work at once, and gives the planner
        // statistics.
        st.execute("VACUUM (ANALYZE) " + String.join(", ", BULK_TABLES));
      }
      steps.finished("vacuum analyze", 0, t);
      return new DemoResult(
          org.tenantId,
          org.adminId,
          List.copyOf(org.managerIds),
          List.copyOf(org.repIds),
          rebuilt,
          steps.all(),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (SQLException e) {
      throw new IllegalStateException("demo data: " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", database.user());
    props.setProperty("password", database.password() == null ? "" : database.password());
    props.setProperty("ApplicationName", "chat-crm-demo-data");
    return DriverManager.getConnection(database.jdbcUrl(), props);
  }

  private static void refuseFilledTenant(Connection c, long tenantId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT EXISTS (SELECT 1 FROM customer WHERE tenant_id = ?)")) {
      ps.setLong(1, tenantId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          throw new IllegalStateException(
              "tenant " + tenantId + " has customers already: demo data goes into a new tenant");
        }
      }
    }
  }
}
