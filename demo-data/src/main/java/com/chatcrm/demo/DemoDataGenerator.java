package com.chatcrm.demo;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Context;
import io.vertx.core.Future;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

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

  /** The demo company's zone; the working-hours arithmetic below assumes no daylight saving. */
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

  private static final long DAY = 86_400;
  private static final long HOUR = 3_600;
  private static final String[] LEVELS = {"potential", "intent", "deal", "lost"};
  private static final int[] LEVEL_WEIGHTS = {45, 30, 15, 10};
  // Released to the pool by hand; the pool rule reclaims many more (see plan()).
  private static final int[] POOL_PERCENT = {10, 5, 0, 50};

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
    List<DemoResult.Step> steps = new ArrayList<>();
    long now = clock.instant().getEpochSecond();

    long t = System.nanoTime();
    Org org = createOrg(platform, corpId, size, seed);
    step(steps, "org (departments, users)", org.userCount(), t);

    try (Connection c = connect()) {
      refuseFilledTenant(c, org.tenantId);
      c.setAutoCommit(false);
      Load load = new Load(c, org, size, seed, now, steps);
      boolean rebuilt = load.run();
      c.commit();
      c.setAutoCommit(true);
      t = System.nanoTime();
      try (Statement st = c.createStatement()) {
        // Sets the visibility map, so that index-only scans work at once, and gives the planner
        // statistics.
        st.execute("VACUUM (ANALYZE) " + String.join(", ", BULK_TABLES));
      }
      step(steps, "vacuum analyze", 0, t);
      return new DemoResult(
          org.tenantId,
          org.adminId,
          List.copyOf(org.managerIds),
          List.copyOf(org.repIds),
          rebuilt,
          List.copyOf(steps),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (SQLException e) {
      throw new IllegalStateException("demo data: " + e.getMessage(), e);
    }
  }

  private void step(List<DemoResult.Step> steps, String name, long rows, long startedNanos) {
    Duration d = Duration.ofNanos(System.nanoTime() - startedNanos);
    steps.add(new DemoResult.Step(name, rows, d));
    progress.finished(name, rows, d);
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

  // ============================================================================================
  // org

  /** A rep and where they sit. */
  record RepSeat(long userId, int region, int group) {}

  /** The tenant and its people. */
  static final class Org {
    long tenantId;
    long adminId;
    final List<Long> managerIds = new ArrayList<>();
    final List<Long> repIds = new ArrayList<>();
    final List<RepSeat> reps = new ArrayList<>();

    int userCount() {
      return 1 + managerIds.size() + repIds.size();
    }
  }

  private Org createOrg(String platform, String corpId, DemoSize size, long seed) {
    Org org = new Org();
    Tenant tenant =
        await(new TenantService(pool).register(platform, corpId, "星河集团（演示）", ZONE.getId()));
    org.tenantId = tenant.id();
    Actor system = Actor.system(tenant.id(), "demo-data");
    OrgService orgs = new OrgService(pool);
    PersonNames names = new PersonNames(seed);

    await(orgs.upsertDepartment(system, "hq", "总部", null));
    org.adminId = await(orgs.upsertUser(system, user("admin", names.next(), "admin", "hq")));
    long director = await(orgs.upsertUser(system, user("director", names.next(), "rep", "hq")));
    org.managerIds.add(director);
    await(orgs.setManagers(system, "hq", List.of("demo-director")));
    // Groups interleaved across regions, so that a handful of reps still covers every region.
    List<int[]> groupOrder = new ArrayList<>();
    int maxGroups = DemoVocabulary.GROUPS.stream().mapToInt(List::size).max().orElse(0);
    for (int g = 0; g < maxGroups; g++) {
      for (int r = 0; r < DemoVocabulary.GROUPS.size(); r++) {
        if (g < DemoVocabulary.GROUPS.get(r).size()) {
          groupOrder.add(new int[] {r, g});
        }
      }
    }
    for (int r = 0; r < DemoVocabulary.REGIONS.size(); r++) {
      String regionId = "r" + (r + 1);
      await(orgs.upsertDepartment(system, regionId, DemoVocabulary.REGIONS.get(r) + "大区", "hq"));
      String mgr = regionId + "-mgr";
      org.managerIds.add(await(orgs.upsertUser(system, user(mgr, names.next(), "rep", regionId))));
      await(orgs.setManagers(system, regionId, List.of("demo-" + mgr)));
      List<String> groups = DemoVocabulary.GROUPS.get(r);
      for (int g = 0; g < groups.size(); g++) {
        String groupId = groupId(r, g);
        await(orgs.upsertDepartment(system, groupId, groups.get(g), regionId));
        String lead = groupId + "-lead";
        org.managerIds.add(
            await(orgs.upsertUser(system, user(lead, names.next(), "rep", groupId))));
        await(orgs.setManagers(system, groupId, List.of("demo-" + lead)));
      }
    }
    List<Future<Long>> reps = new ArrayList<>();
    for (int i = 0; i < size.reps(); i++) {
      int[] rg = groupOrder.get(i % groupOrder.size());
      reps.add(
          orgs.upsertUser(
              system,
              user(String.format("rep-%04d", i + 1), names.next(), "rep", groupId(rg[0], rg[1]))));
    }
    for (int i = 0; i < reps.size(); i++) {
      int[] rg = groupOrder.get(i % groupOrder.size());
      long id = await(reps.get(i));
      org.repIds.add(id);
      org.reps.add(new RepSeat(id, rg[0], rg[1]));
    }
    return org;
  }

  private static String groupId(int region, int group) {
    return "r" + (region + 1) + "-g" + (group + 1);
  }

  private static OrgUser user(String id, String name, String role, String dept) {
    // 199 is a prefix no customer phone uses, so staff never collide with customers in a search by
    // phone.
    String mobile = "199" + String.format("%08d", Math.floorMod(id.hashCode(), 100_000_000));
    return new OrgUser("demo-" + id, name, mobile, null, role, List.of(dept));
  }

  /** Distinct Chinese names: a permutation of surname × given name. */
  static final class PersonNames {
    private final int space = DemoVocabulary.SURNAMES.size() * DemoVocabulary.GIVEN_NAMES.size();
    private final long multiplier = DemoNames.coprime(space, 37);
    private final long offset;
    private int next;

    PersonNames(long seed) {
      offset = Math.floorMod(seed, space);
    }

    String next() {
      int i = next++;
      int k = (int) ((DemoNames.mulMod(i % space, multiplier, space) + offset) % space);
      String name =
          DemoVocabulary.SURNAMES.get(k / DemoVocabulary.GIVEN_NAMES.size())
              + DemoVocabulary.GIVEN_NAMES.get(k % DemoVocabulary.GIVEN_NAMES.size());
      return i < space ? name : name + (i / space + 1);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the org set-up did not answer within 2 minutes", e);
    }
  }

  // ============================================================================================
  // load

  /** One run of the bulk load, on one connection and in one transaction. */
  private final class Load {
    private final Connection c;
    private final CopyManager copy;
    private final Org org;
    private final DemoSize size;
    private final long seed;
    private final long now;
    private final List<DemoResult.Step> steps;
    private final long zoneOffset;
    private final DemoNames names;
    private final DemoNames.Parts parts = new DemoNames.Parts();

    // pool rule: reclaim days per level (0 = never)
    private final int[] reclaimDays = new int[4];
    private Integer maxPrivate;
    // stages by position 1..6: ids, probabilities
    private final long[] stageId = new long[7];
    private final int[] stageProbability = new int[7];

    // reps: per region the rep indexes, repeated by how many customers each rep tends to hold
    private int[][] repsByRegion;
    private long[] repUserId;

    // the plan, one entry per customer
    private byte[] level;
    private boolean[] inPool;
    private int[] ownerRep;
    private long[] created;
    private long[] lastFollowUp;
    private long[] poolSince;
    private int[] followUps;
    private int[] opportunities;
    private int[] contacts;
    private long[] oppCreated;

    private long customerBase;
    private long opportunityBase;
    private long followUpBase;

    Load(Connection c, Org org, DemoSize size, long seed, long now, List<DemoResult.Step> steps)
        throws SQLException {
      this.c = c;
      this.copy = c.unwrap(PGConnection.class).getCopyAPI();
      this.org = org;
      this.size = size;
      this.seed = seed;
      this.now = now;
      this.steps = steps;
      this.zoneOffset = ZONE.getRules().getOffset(clock.instant()).getTotalSeconds();
      this.names = new DemoNames(seed);
      if (size.customers() > names.capacity()) {
        throw new IllegalArgumentException("at most " + names.capacity() + " demo customers");
      }
    }

    boolean run() throws SQLException {
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL maintenance_work_mem = '512MB'");
        st.execute("SET LOCAL work_mem = '64MB'");
        // Nobody else may insert while ids are reserved, so that COPY can carry explicit ids.
        st.execute("LOCK TABLE " + String.join(", ", BULK_TABLES) + " IN SHARE ROW EXCLUSIVE MODE");
      }
      boolean rebuild = allEmpty();
      List<Rebuild> rebuilds = new ArrayList<>();
      if (rebuild) {
        try (Statement st = c.createStatement()) {
          st.execute("LOCK TABLE " + String.join(", ", BULK_TABLES) + " IN ACCESS EXCLUSIVE MODE");
        }
        for (String table : BULK_TABLES) {
          rebuilds.add(Rebuild.drop(c, table));
        }
      }
      readRules();

      long t = System.nanoTime();
      plan();
      step(steps, "plan (in memory)", size.customers(), t);

      customerBase = reserve("customer");
      timed("customer", this::customers);
      timed("customer_collaborator", this::collaborators);
      long contactBase = reserve("contact");
      timed("contact", () -> contacts(contactBase));
      opportunityBase = reserve("opportunity");
      timed("opportunity", this::opportunityRows);
      long moveBase = reserve("opportunity_stage_move");
      long moves = timed("opportunity_stage_move", () -> stageMoves(moveBase));
      followUpBase = reserve("follow_up");
      List<long[]> reminders = new ArrayList<>();
      timed("follow_up", () -> followUpRows(reminders));
      long reminderBase = reserve("reminder");
      timed("reminder", () -> reminderRows(reminderBase, reminders));

      setSequence("customer", customerBase, size.customers());
      setSequence("contact", contactBase, size.contacts());
      setSequence("opportunity", opportunityBase, size.opportunities());
      setSequence("opportunity_stage_move", moveBase, moves);
      setSequence("follow_up", followUpBase, size.followUps());
      setSequence("reminder", reminderBase, size.reminders());

      for (Rebuild r : rebuilds) {
        t = System.nanoTime();
        r.createIndexes(c);
        step(steps, r.table + " indexes (" + r.indexes.size() + ")", 0, t);
      }
      t = System.nanoTime();
      for (Rebuild r : rebuilds) {
        r.addForeignKeys(c);
      }
      if (rebuild) {
        step(
            steps,
            "foreign keys (" + rebuilds.stream().mapToInt(r -> r.foreignKeys.size()).sum() + ")",
            0,
            t);
      }
      finishTenant();
      return rebuild;
    }

    private boolean allEmpty() throws SQLException {
      StringBuilder sql = new StringBuilder("SELECT NOT (false");
      for (String table : BULK_TABLES) {
        sql.append(" OR EXISTS (SELECT 1 FROM ").append(table).append(')');
      }
      sql.append(')');
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql.toString())) {
        rs.next();
        return rs.getBoolean(1);
      }
    }

    private void readRules() throws SQLException {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT reclaim_days_potential, reclaim_days_intent, reclaim_days_deal, reclaim_days_lost, max_private"
                  + " FROM pool_rule WHERE tenant_id = ?")) {
        ps.setLong(1, org.tenantId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            for (int l = 0; l < 4; l++) {
              reclaimDays[l] = rs.getInt(l + 1);
            }
            int mp = rs.getInt(5);
            maxPrivate = rs.wasNull() ? null : mp;
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT position, id, probability FROM opportunity_stage WHERE tenant_id = ? ORDER BY position")) {
        ps.setLong(1, org.tenantId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int position = rs.getInt(1);
            if (position >= 1 && position <= 6) {
              stageId[position] = rs.getLong(2);
              stageProbability[position] = rs.getInt(3);
            }
          }
        }
      }
      for (int p = 1; p <= 6; p++) {
        if (stageId[p] == 0) {
          throw new IllegalStateException("the tenant lacks the default opportunity stages");
        }
      }
    }

    /**
     * The first id for the table's rows: the identity's next value. The tables are locked against
     * inserts, so the ids after it stay free until {@link #setSequence} moves the identity past
     * them.
     */
    private long reserve(String table) throws SQLException {
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT nextval(pg_get_serial_sequence('" + table + "', 'id'))")) {
        rs.next();
        return rs.getLong(1);
      }
    }

    /** Leaves the identity at the last id written, so the next insert gets a fresh one. */
    private void setSequence(String table, long base, long n) throws SQLException {
      if (n == 0) {
        return;
      }
      try (Statement st = c.createStatement()) {
        st.execute(
            "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), " + (base + n - 1) + ")");
      }
    }

    private interface Rows {
      long write() throws SQLException;
    }

    private long timed(String table, Rows rows) throws SQLException {
      long t = System.nanoTime();
      long n = rows.write();
      step(steps, table, n, t);
      return n;
    }

    private void report(String table, long done, long total, long startedNanos) {
      if (done % progressEvery == 0) {
        progress.progress(table, done, total, Duration.ofNanos(System.nanoTime() - startedNanos));
      }
    }

    private DemoRandom rng(int stream, long index) {
      return new DemoRandom(seed, stream, index);
    }

    private static final float[] FOLLOW_UP_FACTOR = {1.0f, 1.5f, 1.3f, 0.6f};
    private static final float[] OPPORTUNITY_FACTOR = {0.25f, 0.8f, 1.0f, 0.5f};

    // ------------------------------------------------------------------------------------ plan

    private void plan() {
      int n = size.customers();
      int regions = DemoVocabulary.REGIONS.size();
      repUserId = org.reps.stream().mapToLong(RepSeat::userId).toArray();
      List<List<Integer>> byRegion = new ArrayList<>();
      for (int r = 0; r < regions; r++) {
        byRegion.add(new ArrayList<>());
      }
      DemoRandom repRng = rng(1, 0);
      for (int i = 0; i < org.reps.size(); i++) {
        // Some reps hold three times as many customers as others.
        int weight = 1 + repRng.nextInt(3);
        for (int w = 0; w < weight; w++) {
          byRegion.get(org.reps.get(i).region()).add(i);
        }
      }
      List<Integer> everyone = new ArrayList<>();
      byRegion.forEach(everyone::addAll);
      repsByRegion = new int[regions][];
      for (int r = 0; r < regions; r++) {
        List<Integer> list = byRegion.get(r).isEmpty() ? everyone : byRegion.get(r);
        repsByRegion[r] = list.stream().mapToInt(Integer::intValue).toArray();
      }

      level = new byte[n];
      inPool = new boolean[n];
      ownerRep = new int[n];
      created = new long[n];
      lastFollowUp = new long[n];
      poolSince = new long[n];
      float[] fuWeight = new float[n];
      float[] oppWeight = new float[n];
      float[] contactWeight = new float[n];
      for (int i = 0; i < n; i++) {
        DemoRandom r = rng(2, i);
        names.decode(i, 0, false, parts);
        int region = DemoVocabulary.CITIES.get(parts.cityIndex).region();
        int l = r.pick(LEVEL_WEIGHTS);
        level[i] = (byte) l;
        inPool[i] = r.nextInt(100) < POOL_PERCENT[l];
        int[] candidates = repsByRegion[region];
        ownerRep[i] = candidates[r.nextInt(candidates.length)];
        created[i] = workTime(r, now - 1095 * DAY, now - HOUR);
        float activity = 0.3f + r.nextFloat() * 1.4f;
        // In proportion to the time the customer has been there, so that the team's activity per
        // day stays flat
        // instead of piling up on the customers created lately.
        float yearShare = (float) Math.min(1.0, (now - created[i]) / (365.0 * DAY));
        float oppShare = (float) Math.min(1.0, (now - created[i]) / (540.0 * DAY));
        fuWeight[i] = yearShare * (inPool[i] ? activity * 0.3f : activity * FOLLOW_UP_FACTOR[l]);
        oppWeight[i] = oppShare * (inPool[i] ? 0 : (0.3f + r.nextFloat()) * OPPORTUNITY_FACTOR[l]);
        contactWeight[i] = (0.2f + r.nextFloat()) * (inPool[i] ? 0.4f : 1.0f);
      }
      followUps = apportion(fuWeight, size.followUps());
      opportunities = apportion(oppWeight, size.opportunities());
      contacts = apportion(contactWeight, size.contacts());

      long[] times = new long[16];
      for (int i = 0; i < n; i++) {
        if (followUps[i] > times.length) {
          times = new long[followUps[i] * 2];
        }
        int k = followUpTimes(i, times);
        lastFollowUp[i] = k == 0 ? Long.MIN_VALUE : times[k - 1];
        int days = reclaimDays[level[i]];
        long last = Math.max(created[i], lastFollowUp[i]);
        long deadline = days > 0 ? last + days * DAY : Long.MAX_VALUE;
        DemoRandom r = rng(3, i);
        if (deadline <= now) {
          // The rule would have reclaimed it at its deadline: a year under the rule fills the pool.
          inPool[i] = true;
          poolSince[i] = Math.min(now - 60, deadline + r.nextLong(DAY));
        } else if (inPool[i]) {
          // Released by its owner some time after the last activity.
          poolSince[i] = last + r.nextLong(Math.max(1, now - last));
        }
      }
      oppCreated = new long[size.opportunities()];
    }

    /**
     * Splits {@code total} over the entries in proportion to their weights, exactly: the running
     * sum is rounded, and each entry takes the difference.
     */
    private int[] apportion(float[] weights, long total) {
      int[] out = new int[weights.length];
      if (weights.length == 0 || total == 0) {
        return out;
      }
      double sum = 0;
      for (float w : weights) {
        sum += w;
      }
      if (sum == 0) {
        // No entry wants any (e.g. every customer in the pool): spread evenly.
        java.util.Arrays.fill(weights, 1f);
        sum = weights.length;
      }
      double running = 0;
      long given = 0;
      for (int i = 0; i < weights.length; i++) {
        running += weights[i];
        long upTo =
            i == weights.length - 1
                ? total
                : Math.min(total, (long) Math.floor(total * (running / sum)));
        out[i] = (int) (upTo - given);
        given = upTo;
      }
      return out;
    }

    /**
     * The follow-up times of customer {@code i}, ascending, into {@code out}; returns how many.
     * Deterministic, so the plan and the follow-up pass see the same times: working hours on
     * working days, mostly, within the last year and after the customer's creation.
     */
    private int followUpTimes(int i, long[] out) {
      int k = followUps[i];
      if (k == 0) {
        return 0;
      }
      DemoRandom r = rng(4, i);
      long hi = now - 60;
      long lo = Math.min(Math.max(created[i] + 600, now - 365 * DAY), hi - 1);
      for (int j = 0; j < k; j++) {
        out[j] = workTime(r, lo, hi);
      }
      java.util.Arrays.sort(out, 0, k);
      return k;
    }

    /**
     * A time in [lo, hi]: on a weekday four times out of five, then moved into 08:30-20:00 local if
     * that stays in range.
     */
    private long workTime(DemoRandom r, long lo, long hi) {
      long span = Math.max(1, hi - lo + 1);
      long t = lo + r.nextLong(span);
      for (int attempt = 0; attempt < 3 && weekend(t) && r.nextInt(5) != 0; attempt++) {
        t = lo + r.nextLong(span);
      }
      long localDay = Math.floorDiv(t + zoneOffset, DAY);
      long w = localDay * DAY - zoneOffset + 30_600 + r.nextInt(41_400);
      return w >= lo && w <= hi ? w : t;
    }

    private boolean weekend(long t) {
      long localDay = Math.floorDiv(t + zoneOffset, DAY);
      return Math.floorMod(localDay + 3, 7) >= 5; // 1970-01-01 was a Thursday; 0 = Monday
    }

    // ------------------------------------------------------------------------------------
    // customers

    private long customers() throws SQLException {
      int n = size.customers();
      long started = System.nanoTime();
      long checkEvery = Math.max(1, n / 200);
      try (DemoCopyWriter w =
          new DemoCopyWriter(
              copy,
              "customer",
              "tenant_id, id, name, name_norm, name_pinyin, name_initials, name_grams, search_text, short_name,"
                  + " industry, region, source, level, phones, phone_norms, phones_text, address, tags, owner_id,"
                  + " in_pool, pool_since, last_follow_up_at, created_by, created_at, updated_at")) {
        Bytes b = Bytes.INSTANCE;
        long[] owned = new long[repUserId.length];
        for (int i = 0; i < n; i++) {
          DemoRandom r = rng(5, i);
          names.decode(i, r.pick(DemoVocabulary.SUFFIX_WEIGHTS), r.nextInt(100) < 35, parts);
          if (i % checkEvery == 0) {
            check(parts);
          }
          DemoVocabulary.City city = DemoVocabulary.CITIES.get(parts.cityIndex);
          w.num(org.tenantId).num(customerBase + i);
          names.writeName(w, parts);
          names.writeNorm(w, parts);
          names.writePinyin(w, parts);
          names.writeInitials(w, parts);
          names.writeGrams(w, parts);
          names.writeSearchText(w, parts);
          if (parts.shortName == null) {
            w.nul();
          } else {
            w.bytes(parts.shortName.utf8);
          }
          w.bytes(b.industryCategory[parts.industryIndex]);
          w.bytes(names.cities[parts.cityIndex].utf8);
          w.bytes(b.sources[r.nextInt(b.sources.length)]);
          w.bytes(b.levels[level[i]]);
          phones(w, r, i, city);
          w.bytes(names.cities[parts.cityIndex].utf8)
              .more(b.shi)
              .more(b.districts[r.nextInt(b.districts.length)])
              .more(b.roads[r.nextInt(b.roads.length)])
              .moreNum(1 + r.nextInt(999))
              .more(b.hao);
          int tags = r.nextInt(100);
          w.bytes(b.tagSets[tagSet(tags)]);
          if (inPool[i]) {
            w.nul().bool(true).timestamp(poolSince[i]);
          } else {
            w.num(repUserId[ownerRep[i]]).bool(false).nul();
            owned[ownerRep[i]]++;
          }
          w.timestampOrNull(lastFollowUp[i]);
          w.num(repUserId[ownerRep[i]]).timestamp(created[i]);
          long updated = Math.max(created[i], lastFollowUp[i]);
          w.timestamp(inPool[i] ? Math.max(updated, poolSince[i]) : updated);
          w.endRow();
          report("customer", i + 1, n, started);
        }
        long most = java.util.Arrays.stream(owned).max().orElse(0);
        if (maxPrivate != null && most + 20 > maxPrivate) {
          // The default limit (200 private customers a rep) is for real teams; demo reps hold
          // thousands.
          maxPrivate = (int) ((most * 5 / 4) / 100 + 1) * 100;
        }
        return w.finish();
      }
    }

    private int tagSet(int percent) {
      int acc = 0;
      for (int t = 0; t < DemoVocabulary.TAG_WEIGHTS.length; t++) {
        acc += DemoVocabulary.TAG_WEIGHTS[t];
        if (percent < acc) {
          return t + 1;
        }
      }
      return 0;
    }

    private void check(DemoNames.Parts p) {
      List<Object> expected = DemoNames.reference(p.name(), p.shortNameText());
      List<Object> actual = DemoNames.computed(p);
      if (!expected.equals(actual)) {
        throw new IllegalStateException(
            "derived columns of '"
                + p.name()
                + "' differ from CustomerService's: "
                + actual
                + " vs "
                + expected);
      }
    }

    private final long mobileSpace = DemoVocabulary.MOBILE_PREFIXES.size() * 100_000_000L;
    private final long mobileMultiplier =
        DemoNames.coprime(mobileSpace, DemoNames.golden(mobileSpace));
    private final long landlineSpace = 70_000_000L;
    private final long landlineMultiplier =
        DemoNames.coprime(landlineSpace, DemoNames.golden(landlineSpace));

    /**
     * Unique numbers: customer {@code i}'s mobile and landline come from affine permutations of
     * {@code i}, so no two customers share one (the 查重 on phones). Mobiles start with 1, landlines
     * with 0: the two never meet.
     */
    private void phones(DemoCopyWriter w, DemoRandom r, int i, DemoVocabulary.City city) {
      int kind = r.nextInt(100);
      boolean mobile = kind < 75 || kind >= 90;
      boolean landline = kind >= 75;
      String mobileNorm = null;
      String mobileShown = null;
      String landNorm = null;
      String landShown = null;
      long offsetM = Math.floorMod(seed * 31, mobileSpace);
      if (mobile) {
        long k = (DemoNames.mulMod(i, mobileMultiplier, mobileSpace) + offsetM) % mobileSpace;
        String prefix = DemoVocabulary.MOBILE_PREFIXES.get((int) (k / 100_000_000L));
        String rest = pad8(k % 100_000_000L);
        mobileNorm = prefix + rest;
        int format = r.nextInt(10);
        mobileShown =
            format < 5
                ? mobileNorm
                : prefix
                    + (format < 8 ? " " : "-")
                    + rest.substring(0, 4)
                    + (format < 8 ? " " : "-")
                    + rest.substring(4);
      }
      if (landline) {
        long k =
            (DemoNames.mulMod(i, landlineMultiplier, landlineSpace)
                        + Math.floorMod(seed * 17, landlineSpace))
                    % landlineSpace
                + 20_000_000L;
        landNorm = city.areaCode() + k;
        landShown = city.areaCode() + "-" + k;
      }
      w.array();
      if (mobileShown != null) {
        w.quotedElement(DemoCopyWriter.encode(mobileShown));
      }
      if (landShown != null) {
        w.quotedElement(DemoCopyWriter.encode(landShown));
      }
      w.endArray();
      w.array();
      if (mobileNorm != null) {
        w.element(DemoCopyWriter.encode(mobileNorm));
      }
      if (landNorm != null) {
        w.element(DemoCopyWriter.encode(landNorm));
      }
      w.endArray();
      w.text(
          mobileNorm != null && landNorm != null
              ? mobileNorm + " " + landNorm
              : mobileNorm != null ? mobileNorm : landNorm);
    }

    private String pad8(long n) {
      String s = Long.toString(n);
      return "00000000".substring(s.length()) + s;
    }

    // ------------------------------------------------------------------------------------
    // collaborators, contacts

    private long collaborators() throws SQLException {
      int n = size.customers();
      long started = System.nanoTime();
      try (DemoCopyWriter w =
          new DemoCopyWriter(
              copy,
              "customer_collaborator",
              "tenant_id, customer_id, user_id, added_by, added_at")) {
        for (int i = 0; i < n; i++) {
          if (inPool[i]) {
            continue;
          }
          DemoRandom r = rng(6, i);
          if (r.nextInt(100) >= 2) {
            continue;
          }
          int region = org.reps.get(ownerRep[i]).region();
          int other = repsByRegion[region][r.nextInt(repsByRegion[region].length)];
          if (other == ownerRep[i]) {
            continue;
          }
          w.num(org.tenantId)
              .num(customerBase + i)
              .num(repUserId[other])
              .num(repUserId[ownerRep[i]])
              .timestamp(created[i] + r.nextLong(Math.max(1, now - created[i])));
          w.endRow();
          report("customer_collaborator", w.rows(), 0, started);
        }
        return w.finish();
      }
    }

    private long contacts(long base) throws SQLException {
      long total = size.contacts();
      long started = System.nanoTime();
      Bytes b = Bytes.INSTANCE;
      try (DemoCopyWriter w =
          new DemoCopyWriter(
              copy,
              "contact",
              "tenant_id, id, customer_id, name, title, phones, email, wechat_id, created_by, created_at, updated_at")) {
        long id = base;
        for (int i = 0; i < size.customers(); i++) {
          for (int k = 0; k < contacts[i]; k++) {
            DemoRandom r = rng(7, id);
            w.num(org.tenantId).num(id).num(customerBase + i);
            w.bytes(b.surnames[r.nextInt(b.surnames.length)])
                .more(b.givenNames[r.nextInt(b.givenNames.length)]);
            w.bytes(b.titles[r.nextInt(b.titles.length)]);
            w.array()
                .element(
                    DemoCopyWriter.encode(
                        DemoVocabulary.MOBILE_PREFIXES.get(
                                r.nextInt(DemoVocabulary.MOBILE_PREFIXES.size()))
                            + pad8(r.nextLong(100_000_000L))))
                .endArray();
            if (r.nextInt(3) == 0) {
              w.field().more(b.contactMail).moreNum(id).more(b.contactMailDomain);
            } else {
              w.nul();
            }
            if (r.nextInt(2) == 0) {
              w.field().more(b.wxid).moreNum(Math.floorMod(id * 7919 + seed, 1_000_000_000L));
            } else {
              w.nul();
            }
            long at = Math.min(now - 60, created[i] + r.nextLong(30 * DAY));
            w.num(repUserId[ownerRep[i]]).timestamp(at).timestamp(at);
            w.endRow();
            id++;
            report("contact", id - base, total, started);
          }
        }
        return w.finish();
      }
    }

    // ------------------------------------------------------------------------------------
    // opportunities

    /** One opportunity's life, derived from its number alone. */
    private final class OppPlan {
      int status; // 0 open, 1 won, 2 lost
      int[] path; // stage positions visited, the last one current
      long createdAt;
      long[] movedAt;
      long closedAt;
      long cents;
      int product;
      int kind;
      int lostReason;
      long expectedCloseDay;

      OppPlan(long j, int customer) {
        DemoRandom r = rng(8, j);
        int l = level[customer];
        int[][] outcome = {{88, 2, 10}, {75, 10, 15}, {20, 70, 10}, {5, 5, 90}};
        int planned = r.pick(outcome[l]);
        int[] openWeights = l == 1 ? new int[] {20, 35, 30, 15} : new int[] {40, 30, 20, 10};
        int reached = planned == 1 ? 4 : 1 + r.pick(openWeights);
        int[] route = new int[planned == 0 ? reached : reached + 1];
        for (int p = 0; p < reached; p++) {
          route[p] = p + 1;
        }
        if (planned != 0) {
          route[route.length - 1] = planned == 1 ? 5 : 6;
        }
        long lo = Math.max(created[customer], now - 540 * DAY);
        long hi = now - HOUR;
        createdAt = lo >= hi ? hi : workTime(r, lo, hi);
        // A stage lasts one to three weeks; a route not finished by now is where the opportunity
        // stands today.
        long[] times = new long[route.length];
        times[0] = createdAt;
        int length = 1;
        for (int p = 1; p < route.length; p++) {
          long t = times[p - 1] + (1 + r.nextInt(21)) * DAY + r.nextLong(DAY);
          if (t > hi) {
            break;
          }
          times[length++] = t;
        }
        path = java.util.Arrays.copyOf(route, length);
        movedAt = java.util.Arrays.copyOf(times, length);
        int stage = path[length - 1];
        status = stage == 5 ? 1 : stage == 6 ? 2 : 0;
        closedAt = status == 0 ? Long.MIN_VALUE : movedAt[length - 1];
        // log-uniform between 5,000 and 3,000,000 CNY, in hundreds
        double yuan =
            Math.exp(Math.log(5_000) + r.nextDouble() * (Math.log(3_000_000) - Math.log(5_000)));
        cents = Math.round(yuan / 100) * 100 * 100;
        product = r.nextInt(DemoVocabulary.PRODUCTS.size());
        kind = r.nextInt(DemoVocabulary.OPPORTUNITY_KINDS.size());
        lostReason = r.nextInt(DemoVocabulary.LOST_REASONS.size());
        long closeAt =
            status == 0
                ? Math.max(now, movedAt[length - 1]) + (7 + r.nextInt(150)) * DAY
                : closedAt;
        expectedCloseDay = Math.floorDiv(closeAt + zoneOffset, DAY);
      }

      int stage() {
        return path[path.length - 1];
      }
    }

    private long opportunityRows() throws SQLException {
      long total = size.opportunities();
      long started = System.nanoTime();
      Bytes b = Bytes.INSTANCE;
      String[] status = {"open", "won", "lost"};
      try (DemoCopyWriter w =
          new DemoCopyWriter(
              copy,
              "opportunity",
              "tenant_id, id, customer_id, name, amount, expected_close, stage_id, status, lost_reason, probability,"
                  + " owner_id, closed_at, created_by, created_at, updated_at")) {
        long j = 0;
        for (int i = 0; i < size.customers(); i++) {
          for (int k = 0; k < opportunities[i]; k++, j++) {
            OppPlan o = new OppPlan(j, i);
            oppCreated[(int) j] = o.createdAt;
            names.decode(i, 0, false, parts);
            long owner = repUserId[ownerRep[i]];
            w.num(org.tenantId).num(opportunityBase + j).num(customerBase + i);
            w.bytes(parts.brand.utf8).more(b.products[o.product]).more(b.opportunityKinds[o.kind]);
            w.cents(o.cents)
                .date(o.expectedCloseDay)
                .num(stageId[o.stage()])
                .text(status[o.status]);
            if (o.status == 2) {
              w.bytes(b.lostReasons[o.lostReason]);
            } else {
              w.nul();
            }
            w.num(stageProbability[o.stage()])
                .num(owner)
                .timestampOrNull(o.closedAt)
                .num(owner)
                .timestamp(o.createdAt)
                .timestamp(o.movedAt[o.movedAt.length - 1]);
            w.endRow();
            report("opportunity", j + 1, total, started);
          }
        }
        return w.finish();
      }
    }

    /** The stage history: the creation (no from stage) and every move after it. */
    private long stageMoves(long base) throws SQLException {
      long started = System.nanoTime();
      try (DemoCopyWriter w =
          new DemoCopyWriter(
              copy,
              "opportunity_stage_move",
              "tenant_id, id, opportunity_id, from_stage_id, to_stage_id, moved_by, moved_at")) {
        long j = 0;
        long id = base;
        for (int i = 0; i < size.customers(); i++) {
          for (int k = 0; k < opportunities[i]; k++, j++) {
            OppPlan o = new OppPlan(j, i);
            for (int p = 0; p < o.path.length; p++) {
              w.num(org.tenantId).num(id++).num(opportunityBase + j);
              if (p == 0) {
                w.nul();
              } else {
                w.num(stageId[o.path[p - 1]]);
              }
              w.num(stageId[o.path[p]]).num(repUserId[ownerRep[i]]).timestamp(o.movedAt[p]);
              w.endRow();
              report("opportunity_stage_move", id - base, 0, started);
            }
          }
        }
        return w.finish();
      }
    }

    // ------------------------------------------------------------------------------------
    // follow-ups, reminders

    private long followUpRows(List<long[]> reminders) throws SQLException {
      long total = size.followUps();
      long reminderTotal = size.reminders();
      long started = System.nanoTime();
      Bytes b = Bytes.INSTANCE;
      try (DemoCopyWriter w =
          new DemoCopyWriter(
              copy,
              "follow_up",
              "tenant_id, id, customer_id, opportunity_id, author_id, method, content, happened_at, next_step,"
                  + " next_follow_up_at, source, source_message_id, created_at")) {
        long[] times = new long[16];
        long g = 0;
        long nextReminder = 0;
        long reminderAt = reminderSlot(0, total, reminderTotal);
        long oppFirst = 0;
        for (int i = 0; i < size.customers(); i++) {
          if (followUps[i] > times.length) {
            times = new long[followUps[i] * 2];
          }
          int count = followUpTimes(i, times);
          int region = org.reps.get(ownerRep[i]).region();
          for (int k = 0; k < count; k++, g++) {
            DemoRandom r = rng(9, g);
            long at = times[k];
            long id = followUpBase + g;
            int method = r.pick(DemoVocabulary.METHOD_WEIGHTS);
            int author =
                r.nextInt(10) == 0
                    ? repsByRegion[region][r.nextInt(repsByRegion[region].length)]
                    : ownerRep[i];
            w.num(org.tenantId).num(id).num(customerBase + i);
            long opp = -1;
            if (opportunities[i] > 0 && r.nextInt(10) < 4) {
              int pick = r.nextInt(opportunities[i]);
              if (oppCreated[(int) (oppFirst + pick)] <= at) {
                opp = opportunityBase + oppFirst + pick;
              }
            }
            if (opp < 0) {
              w.nul();
            } else {
              w.num(opp);
            }
            w.num(repUserId[author]).bytes(b.methods[method]);
            byte[][] contents = b.contents[method];
            w.bytes(contents[r.nextInt(contents.length)]);
            w.timestamp(at);
            boolean withReminder = g == reminderAt;
            int step = r.nextInt(DemoVocabulary.NEXT_STEPS.size());
            if (withReminder || r.nextInt(4) == 0) {
              w.bytes(b.nextSteps[step]);
            } else {
              w.nul();
            }
            long due = Long.MIN_VALUE;
            if (withReminder) {
              long localDay = Math.floorDiv(at + zoneOffset, DAY) + 1 + r.nextInt(10);
              due = localDay * DAY - zoneOffset + 9 * HOUR + r.nextInt(2 * 3600 / 900) * 900L;
              w.timestamp(due);
            } else {
              w.nul();
            }
            int source = r.nextInt(10);
            long createdAt = Math.min(now - 1, at + 60 + r.nextInt(3600));
            if (source < 6) {
              w.bytes(b.chat)
                  .field()
                  .more(b.messagePrefix)
                  .moreNum(org.tenantId)
                  .moreChar('-')
                  .moreNum(id);
            } else {
              w.bytes(source < 9 ? b.miniApp : b.importSource).nul();
            }
            w.timestamp(createdAt);
            w.endRow();
            if (withReminder) {
              reminders.add(new long[] {id, author, i, due, createdAt, step});
              nextReminder++;
              reminderAt = reminderSlot(nextReminder, total, reminderTotal);
            }
            report("follow_up", g + 1, total, started);
          }
          oppFirst += opportunities[i];
        }
        return w.finish();
      }
    }

    /** Which follow-up (by number) carries reminder {@code r}: spread evenly over all of them. */
    private long reminderSlot(long r, long followUps, long reminders) {
      return r >= reminders ? -1 : (2 * r + 1) * followUps / (2 * reminders);
    }

    private long reminderRows(long base, List<long[]> reminders) throws SQLException {
      long started = System.nanoTime();
      try (DemoCopyWriter w =
          new DemoCopyWriter(
              copy,
              "reminder",
              "tenant_id, id, owner_id, customer_id, follow_up_id, due_at, repeat_rule, repeat_anchor, text, status,"
                  + " created_by, created_at, updated_at, sent_at")) {
        long id = base;
        for (long[] rem : reminders) {
          DemoRandom r = rng(10, id);
          long followUpId = rem[0];
          long owner = repUserId[(int) rem[1]];
          int customer = (int) rem[2];
          long due = rem[3];
          long createdAt = rem[4];
          String status;
          int p = r.nextInt(100);
          if (due < now) {
            status = p < 85 ? "done" : p < 93 ? "pending" : p < 97 ? "cancelled" : "sent";
          } else {
            status = p < 93 ? "pending" : "snoozed";
          }
          names.decode(customer, 0, false, parts);
          String customerName =
              parts.city.text + parts.brand.text + parts.descriptor.text + parts.industry.text;
          w.num(org.tenantId)
              .num(id)
              .num(owner)
              .num(customerBase + customer)
              .num(followUpId)
              .timestamp(due);
          boolean weekly = p % 25 == 0;
          w.text(weekly ? "weekly" : "none");
          // a repeating reminder's series starts at its first due time (V4: one row per occurrence)
          if (weekly) {
            w.timestamp(due);
          } else {
            w.nul();
          }
          w.text("跟进" + customerName + "：" + DemoVocabulary.NEXT_STEPS.get((int) rem[5]));
          w.text(status).num(owner).timestamp(createdAt);
          boolean sent = status.equals("done") || status.equals("sent");
          w.timestamp(sent ? Math.min(now - 1, due + r.nextInt(86_400)) : createdAt);
          if (sent) {
            w.timestamp(due);
          } else {
            w.nul();
          }
          w.endRow();
          id++;
          report("reminder", id - base, reminders.size(), started);
        }
        return w.finish();
      }
    }

    // ------------------------------------------------------------------------------------ finish

    private void finishTenant() throws SQLException {
      if (maxPrivate != null) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE pool_rule SET max_private = ?, updated_at = now() WHERE tenant_id = ? AND max_private < ?")) {
          ps.setInt(1, maxPrivate);
          ps.setLong(2, org.tenantId);
          ps.setInt(3, maxPrivate);
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO audit_log (tenant_id, actor_id, action, entity_type, entity_id, source, source_ref, changes)"
                  + " VALUES (?, NULL, 'demo_data', 'tenant', ?, 'system', 'demo-data', ?::jsonb)")) {
        ps.setLong(1, org.tenantId);
        ps.setLong(2, org.tenantId);
        ps.setString(
            3,
            String.format(
                "{\"seed\": %d, \"reps\": %d, \"customers\": %d, \"opportunities\": %d, \"followUps\": %d,"
                    + " \"reminders\": %d, \"contacts\": %d}",
                seed,
                size.reps(),
                size.customers(),
                size.opportunities(),
                size.followUps(),
                size.reminders(),
                size.contacts()));
        ps.executeUpdate();
      }
    }
  }

  // ============================================================================================
  // helpers

  /** A table's secondary indexes and foreign keys, dropped for the load and put back after it. */
  private static final class Rebuild {
    final String table;
    final List<String> indexes = new ArrayList<>();
    final List<String[]> foreignKeys = new ArrayList<>();

    private Rebuild(String table) {
      this.table = table;
    }

    static Rebuild drop(Connection c, String table) throws SQLException {
      Rebuild r = new Rebuild(table);
      List<String> indexNames = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              """
          SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
           WHERE i.indrelid = ?::regclass
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                              WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                                AND k.contype IN ('p', 'u', 'x'))
           ORDER BY 1
          """)) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            indexNames.add(rs.getString(1));
            r.indexes.add(rs.getString(2));
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'f'"
                  + " ORDER BY conname")) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            r.foreignKeys.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
      try (Statement st = c.createStatement()) {
        for (String name : indexNames) {
          st.execute("DROP INDEX " + name);
        }
        for (String[] fk : r.foreignKeys) {
          st.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + quote(fk[0]));
        }
      }
      return r;
    }

    void createIndexes(Connection c) throws SQLException {
      try (Statement st = c.createStatement()) {
        for (String definition : indexes) {
          st.execute(definition);
        }
      }
    }

    void addForeignKeys(Connection c) throws SQLException {
      try (Statement st = c.createStatement()) {
        for (String[] fk : foreignKeys) {
          st.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + quote(fk[0]) + " " + fk[1]);
        }
      }
    }

    private static String quote(String identifier) {
      return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
  }

  /** The vocabulary as COPY-ready bytes, encoded once. */
  private static final class Bytes {
    static final Bytes INSTANCE = new Bytes();

    final byte[][] industryCategory =
        enc(DemoVocabulary.INDUSTRIES.stream().map(DemoVocabulary.Industry::category).toList());
    final byte[][] sources = enc(DemoVocabulary.SOURCES);
    final byte[][] levels = enc(List.of(LEVELS));
    final byte[][] districts = enc(DemoVocabulary.DISTRICTS);
    final byte[][] roads = enc(DemoVocabulary.ROADS);
    final byte[] shi = DemoCopyWriter.encode("市");
    final byte[] hao = DemoCopyWriter.encode("号");
    final byte[][] tagSets;
    final byte[][] surnames = enc(DemoVocabulary.SURNAMES);
    final byte[][] givenNames = enc(DemoVocabulary.GIVEN_NAMES);
    final byte[][] titles = enc(DemoVocabulary.CONTACT_TITLES);
    final byte[] contactMail = DemoCopyWriter.encode("contact");
    final byte[] contactMailDomain = DemoCopyWriter.encode("@example.com");
    final byte[] wxid = DemoCopyWriter.encode("wxid_");
    final byte[][] products = enc(DemoVocabulary.PRODUCTS);
    final byte[][] opportunityKinds = enc(DemoVocabulary.OPPORTUNITY_KINDS);
    final byte[][] lostReasons = enc(DemoVocabulary.LOST_REASONS);
    final byte[][] methods = enc(DemoVocabulary.METHODS);
    final byte[][][] contents;
    final byte[][] nextSteps = enc(DemoVocabulary.NEXT_STEPS);
    final byte[] chat = DemoCopyWriter.encode("chat");
    final byte[] miniApp = DemoCopyWriter.encode("mini_app");
    final byte[] importSource = DemoCopyWriter.encode("import");
    final byte[] messagePrefix = DemoCopyWriter.encode("demo-msg-");

    private Bytes() {
      List<String> sets = new ArrayList<>();
      sets.add("{}");
      for (List<String> set : DemoVocabulary.TAG_SETS) {
        sets.add("{" + String.join(",", set) + "}");
      }
      tagSets = enc(sets);
      contents = new byte[DemoVocabulary.METHODS.size()][][];
      for (int m = 0; m < contents.length; m++) {
        List<String> all = new ArrayList<>();
        for (String opening : DemoVocabulary.OPENINGS.get(m)) {
          for (String product : DemoVocabulary.PRODUCTS) {
            for (String reaction : DemoVocabulary.REACTIONS) {
              all.add(String.format(opening, product) + "，" + reaction + "。");
            }
          }
        }
        contents[m] = enc(all);
      }
    }

    private static byte[][] enc(List<String> texts) {
      return texts.stream().map(DemoCopyWriter::encode).toArray(byte[][]::new);
    }
  }
}
