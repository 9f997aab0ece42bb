package com.chatcrm.bench;

import com.chatcrm.bench.SandboxDeliveries.Delivery;
import com.chatcrm.engine.db.DatabaseLocation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 3. A burst of reminders due within one minute across many users of one WeCom company,
 * pushed by two nodes sharing one database. Node 2 sends through node 1's sandbox, so one sandbox
 * records every message the platform accepted; the reminder ids in each message (a card's buttons,
 * a digest's list link) tell what was delivered, how late, how often, and how many messages each
 * member got per minute.
 */
public final class ReminderBurstScenario implements Scenario {

  private static final Logger LOG = LoggerFactory.getLogger(ReminderBurstScenario.class);
  private static final String CORP = "wwhuaxin0001";

  /**
   * The pacing the nodes run with: WeCom's limits are 10,000 calls a minute per company, 30 per
   * member.
   */
  private static final int PER_TENANT_PER_MINUTE = 6000;

  private static final int PER_USER_PER_MINUTE = 20;
  private static final int WECOM_PER_MEMBER = 30;
  private static final int WECOM_PER_CORP = 10_000;
  private static final int CUSTOMERS_PER_USER = 10;

  /**
   * How long after the last due time the scenario waits for stragglers before counting them lost.
   */
  private static final Duration GRACE = Duration.ofSeconds(90);

  @Override
  public String id() {
    return "reminder-burst";
  }

  @Override
  public String title() {
    return "3. Reminder burst (100,000 due in one minute, 2,000 users, two nodes)";
  }

  @Override
  public ScenarioResult run(BenchRun run) throws Exception {
    int users = run.scaled(2_000, 200);
    int reminders = run.scaled(100_000, 10_000);
    DatabaseLocation db = run.database().fresh("crm_bench_burst");
    Map<String, String> pacing =
        Map.of(
            "CRM_REMINDERS_PER_TENANT_PER_MINUTE", Integer.toString(PER_TENANT_PER_MINUTE),
            "CRM_REMINDERS_PER_USER_PER_MINUTE", Integer.toString(PER_USER_PER_MINUTE));
    int port1 = BenchRun.freePort();
    try (ServerProcess node1 = ServerProcess.start(run, "burst-node1", db, port1, pacing)) {
      // the second node finds the sandbox companies seeded instead of seeding them at the same time
      node1.awaitUp(Duration.ofMinutes(3));
      Map<String, String> second = new HashMap<>(pacing);
      // one sandbox records every message, whichever node sent it
      second.put("CRM_WECOM_API_BASE_URL", node1.baseUrl() + "/sandbox/wecom");
      try (ServerProcess node2 =
          ServerProcess.start(run, "burst-node2", db, BenchRun.freePort(), second)) {
        return measure(run, db, node1, users, reminders);
      }
    }
  }

  private ScenarioResult measure(
      BenchRun run, DatabaseLocation db, ServerProcess node1, int users, int count)
      throws Exception {
    BurstData data;
    try (Connection c = BenchDatabase.connect(db)) {
      data = BurstData.insert(c, users, count);
    }
    LOG.info("{} reminders of {} users due from {} over 60 s", count, users, data.firstDue());
    post(
        node1.baseUrl() + "/sandbox/wecom/_members",
        new JsonObject().put("corpId", CORP).put("userIds", new JsonArray(data.platformUserIds())));

    SandboxDeliveries sandbox = new SandboxDeliveries(node1.baseUrl());
    Instant deadline = data.lastDue().plus(GRACE);
    Instant replyProbeAt = data.firstDue().plusSeconds(30);
    Instant saidAt = null;
    Duration replyLatency = null;
    long notified = 0;
    while (Instant.now().isBefore(deadline)) {
      Thread.sleep(2000);
      sandbox.poll();
      if (saidAt == null && Instant.now().isAfter(replyProbeAt)) {
        saidAt = Instant.now();
        post(
            node1.baseUrl() + "/sandbox/api/say",
            new JsonObject()
                .put("platform", "wecom")
                .put("corpId", CORP)
                .put("userId", "lisi")
                .put("text", "今天要做什么"));
      }
      if (saidAt != null && replyLatency == null) {
        Instant said = saidAt;
        replyLatency =
            sandbox.deliveries().stream()
                .filter(d -> "lisi".equals(d.toUser()) && !d.at().isBefore(said))
                .findFirst()
                .map(d -> Duration.between(said, d.at()))
                .orElse(null);
      }
      try (Connection c = BenchDatabase.connect(db)) {
        notified = data.notified(c);
      }
      long delivered =
          sandbox.deliveries().stream()
              .filter(d -> data.isBurstUser(d.toUser()))
              .flatMap(d -> d.reminderIds().stream())
              .filter(data::isBurstReminder)
              .distinct()
              .count();
      LOG.info(
          "burst: {} of {} notified, {} delivered in {} messages",
          notified,
          count,
          delivered,
          sandbox.deliveries().size());
      if (delivered >= count && replyLatency != null) {
        break;
      }
    }
    Thread.sleep(2000);
    sandbox.poll();
    Map<Long, Instant> due;
    long failed;
    Map<String, List<Instant>> queued;
    try (Connection c = BenchDatabase.connect(db)) {
      due = data.dueTimes(c);
      failed = data.failedMessages(c);
      queued = data.queuedTimes(c);
    }
    return report(run, data, sandbox, due, queued, notified, failed, replyLatency, users, count);
  }

  private ScenarioResult report(
      BenchRun run,
      BurstData data,
      SandboxDeliveries sandbox,
      Map<Long, Instant> due,
      Map<String, List<Instant>> queued,
      long notified,
      long failed,
      Duration replyLatency,
      int users,
      int count)
      throws Exception {
    List<Delivery> burst =
        sandbox.deliveries().stream().filter(d -> data.isBurstUser(d.toUser())).toList();
    Map<Long, Integer> times = new HashMap<>();
    Map<Long, Instant> firstDelivered = new HashMap<>();
    for (Delivery d : burst) {
      for (long id : d.reminderIds()) {
        if (due.containsKey(id)) {
          times.merge(id, 1, Integer::sum);
          firstDelivered.putIfAbsent(id, d.at());
        }
      }
    }
    long lost = due.keySet().stream().filter(id -> !times.containsKey(id)).count();
    long duplicated = times.values().stream().filter(n -> n > 1).count();
    List<Double> delays = new ArrayList<>();
    firstDelivered.forEach(
        (id, at) -> delays.add(Math.max(0, Duration.between(due.get(id), at).toMillis() / 1000.0)));
    Collections.sort(delays);
    Instant lastDelivery =
        firstDelivered.values().stream().max(Instant::compareTo).orElse(data.firstDue());
    double drain = Duration.between(data.firstDue(), lastDelivery).toMillis() / 1000.0;
    double maxDelay = delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1);

    Map<String, List<Instant>> perUser = new HashMap<>();
    burst.forEach(d -> perUser.computeIfAbsent(d.toUser(), k -> new ArrayList<>()).add(d.at()));
    int maxPerUser =
        perUser.values().stream().mapToInt(ReminderBurstScenario::maxInAMinute).max().orElse(0);
    int maxPerTenant = maxInAMinute(burst.stream().map(Delivery::at).toList());
    // what the engine paces is the queueing; the outbox may send a little bunched after a pause
    int queuedPerUser =
        queued.values().stream().mapToInt(ReminderBurstScenario::maxInAMinute).max().orElse(0);
    int queuedPerTenant = maxInAMinute(queued.values().stream().flatMap(List::stream).toList());
    long digests = burst.stream().filter(Delivery::digest).count();
    long inDigests =
        burst.stream().filter(Delivery::digest).mapToLong(d -> d.reminderIds().size()).sum();

    // steady drain: reminders and messages delivered in each 5-second window from the first due
    // time
    int windows = (int) Math.ceil(Math.max(drain, 60) / 5.0);
    long[] remindersPerWindow = new long[windows + 1];
    long[] messagesPerWindow = new long[windows + 1];
    for (Delivery d : burst) {
      int w =
          (int)
              Math.max(
                  0,
                  Math.min(windows, Duration.between(data.firstDue(), d.at()).toMillis() / 5000));
      remindersPerWindow[w] += d.reminderIds().size();
      messagesPerWindow[w]++;
    }
    JsonArray timeline = new JsonArray();
    for (int w = 0; w <= windows; w++) {
      timeline.add(
          new JsonObject()
              .put("fromSecond", w * 5)
              .put("reminders", remindersPerWindow[w])
              .put("messages", messagesPerWindow[w]));
    }
    run.saveRaw(
        "reminder-burst.json",
        new JsonObject()
            .put("users", users)
            .put("reminders", count)
            .put("messages", burst.size())
            .put("digests", digests)
            .put("lost", lost)
            .put("duplicated", duplicated)
            .put("drainSeconds", drain)
            .put("maxPerUserPerMinute", maxPerUser)
            .put("maxPerTenantPerMinute", maxPerTenant)
            .put("maxQueuedPerUserPerMinute", queuedPerUser)
            .put("maxQueuedPerTenantPerMinute", queuedPerTenant)
            .put("timeline", timeline));
    List<Long> active = new ArrayList<>();
    List<Long> activeMessages = new ArrayList<>();
    for (int w = 0; w * 5 < drain && w <= windows; w++) {
      active.add(remindersPerWindow[w]);
      activeMessages.add(messagesPerWindow[w]);
    }
    Collections.sort(active);
    Collections.sort(activeMessages);

    ScenarioResult r =
        ScenarioResult.of(this)
            .info(
                "burst",
                BenchFormat.count(count)
                    + " reminders due evenly over 60 s, "
                    + BenchFormat.count(users)
                    + " users ("
                    + count / users
                    + " each), "
                    + BenchFormat.count((long) users * CUSTOMERS_PER_USER)
                    + " customers, 2 nodes on one database")
            .info(
                "configured pacing",
                BenchFormat.count(PER_TENANT_PER_MINUTE)
                    + " messages/min per company, "
                    + PER_USER_PER_MINUTE
                    + "/min per user, shared by both nodes")
            .target(
                "all delivered: first due time → last delivery",
                BenchFormat.seconds(drain),
                "≤ 120 s (due over 60 s, each within 60 s)",
                lost == 0 && drain <= 120)
            .target(
                "delay due → delivered (p50 / p95 / max)",
                BenchFormat.seconds(percentile(delays, 0.5))
                    + " / "
                    + BenchFormat.seconds(percentile(delays, 0.95))
                    + " / "
                    + BenchFormat.seconds(maxDelay),
                "max ≤ 60 s",
                !delays.isEmpty() && maxDelay <= 60)
            .target("lost (never delivered)", BenchFormat.count(lost), "0", lost == 0)
            .target(
                "duplicated (in two messages)", BenchFormat.count(duplicated), "0", duplicated == 0)
            .target(
                "messages to one user in any 60 s, max: queued / sent",
                queuedPerUser + " / " + maxPerUser,
                "queued ≤ "
                    + PER_USER_PER_MINUTE
                    + " (configured); sent ≤ "
                    + WECOM_PER_MEMBER
                    + " (WeCom drops beyond)",
                queuedPerUser <= PER_USER_PER_MINUTE && maxPerUser <= WECOM_PER_MEMBER)
            .target(
                "messages to the company in any 60 s, max: queued / sent",
                BenchFormat.count(queuedPerTenant) + " / " + BenchFormat.count(maxPerTenant),
                "queued ≤ "
                    + BenchFormat.count(PER_TENANT_PER_MINUTE)
                    + " (configured); sent ≤ "
                    + BenchFormat.count(WECOM_PER_CORP)
                    + " (WeCom, per company and API)",
                queuedPerTenant <= PER_TENANT_PER_MINUTE && maxPerTenant <= WECOM_PER_CORP)
            .info(
                "messages",
                BenchFormat.count(burst.size())
                    + " ("
                    + BenchFormat.count(burst.size() - digests)
                    + " cards, "
                    + BenchFormat.count(digests)
                    + " digests of "
                    + (digests == 0 ? 0 : inDigests / digests)
                    + " reminders on average)")
            .info(
                "steady drain: reminders delivered per 5 s (min / median / max while draining)",
                spread(active))
            .info(
                "steady drain: messages sent per 5 s (min / median / max while draining)",
                spread(activeMessages))
            .target(
                "a chat reply asked 30 s into the burst (say → reply sent)",
                replyLatency == null ? "no reply" : BenchFormat.ms(replyLatency.toMillis()),
                "≤ 2 s",
                replyLatency != null && replyLatency.toMillis() <= 2000)
            .info(
                "marked notified / outbox failed / sandbox refused",
                BenchFormat.count(notified)
                    + " / "
                    + BenchFormat.count(failed)
                    + " / "
                    + sandbox.refused());
    r.note(
        "Two nodes of the packaged service on one database, dev profile; node 2's WeCom API base URL is node 1's"
            + " sandbox, which records every accepted message/send. Reminders, users and customers are inserted with"
            + " SQL (then ANALYZEd); due times are spread evenly over one minute starting a few seconds later. A user with more"
            + " reminders due than their pace allows gets one digest card listing them (ids in its 查看全部 link), so"
            + " each reminder is counted from the messages themselves; the per-window timeline is in"
            + " `reminder-burst.json`. The company pace is set to "
            + BenchFormat.count(PER_TENANT_PER_MINUTE)
            + "/min (WeCom allows 10,000/min per company and API; the shipped default, 1,200, also suits DingTalk).");
    return r;
  }

  /** The most instants within any 60 seconds. */
  static int maxInAMinute(List<Instant> instants) {
    List<Instant> sorted = new ArrayList<>(instants);
    Collections.sort(sorted);
    int best = 0;
    int start = 0;
    for (int end = 0; end < sorted.size(); end++) {
      while (!sorted.get(start).plusSeconds(60).isAfter(sorted.get(end))) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  private static String spread(List<Long> sorted) {
    return sorted.isEmpty()
        ? "-"
        : BenchFormat.count(sorted.get(0))
            + " / "
            + BenchFormat.count(sorted.get(sorted.size() / 2))
            + " / "
            + BenchFormat.count(sorted.get(sorted.size() - 1));
  }

  private static double percentile(List<Double> sorted, double p) {
    return sorted.isEmpty()
        ? Double.NaN
        : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
  }

  private static void post(String url, JsonObject body) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(url + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  /**
   * The burst's rows: users of the sandbox company, their customers, and reminders due over one
   * minute.
   */
  record BurstData(
      long tenantId,
      long firstId,
      long lastId,
      Instant firstDue,
      Instant lastDue,
      List<String> platformUserIds) {

    static final String USER_PREFIX = "burst";

    /**
     * The servers add reminders of their own (the sandbox companies' demo data) while the burst is
     * inserted.
     */
    static final String BURST_ONLY = " AND text LIKE '压测提醒 %'";

    static BurstData insert(Connection c, int users, int count) throws Exception {
      long tenantId;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT tenant_id FROM tenant WHERE platform = 'wecom' AND corp_id = '"
                      + CORP
                      + "'")) {
        rs.next();
        tenantId = rs.getLong(1);
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO crm_user (tenant_id, platform_user_id, name) SELECT ?, '"
                  + USER_PREFIX
                  + "' || lpad(g::text, 5, '0'), '压测' || g FROM generate_series(1, ?) g")) {
        p.setLong(1, tenantId);
        p.setInt(2, users);
        p.executeUpdate();
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO customer (tenant_id, name, name_norm, owner_id, created_by)"
                  + " SELECT u.tenant_id, '压测客户' || u.id || '-' || g, '压测客户' || u.id || '-' || g, u.id, u.id"
                  + " FROM crm_user u, generate_series(1, ?) g WHERE u.tenant_id = ? AND u.platform_user_id LIKE '"
                  + USER_PREFIX
                  + "%'")) {
        p.setInt(1, CUSTOMERS_PER_USER);
        p.setLong(2, tenantId);
        p.executeUpdate();
      }
      // far enough ahead that the insert is done before the first is due
      Instant firstDue = Instant.now().plusSeconds(8 + count / 20_000);
      long firstId;
      long lastId;
      try (PreparedStatement p =
          c.prepareStatement(
              """
          WITH owners AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM crm_user
                           WHERE tenant_id = ? AND platform_user_id LIKE 'burst%'),
               customers AS (SELECT id, owner_id, row_number() OVER (PARTITION BY owner_id ORDER BY id) - 1 AS k
                               FROM customer WHERE tenant_id = ?)
          INSERT INTO reminder (tenant_id, owner_id, customer_id, due_at, text, created_by)
          SELECT ?, o.id, cu.id, ?::timestamptz + (g * 60000.0 / ?)::float8 * interval '1 millisecond', '压测提醒 ' || g, o.id
            FROM generate_series(0, ? - 1) g
            JOIN owners o ON o.k = g % ?
            JOIN customers cu ON cu.owner_id = o.id AND cu.k = (g / ?) % ?
          RETURNING id
          """)) {
        p.setLong(1, tenantId);
        p.setLong(2, tenantId);
        p.setLong(3, tenantId);
        p.setTimestamp(4, Timestamp.from(firstDue));
        p.setInt(5, count);
        p.setInt(6, count);
        p.setInt(7, users);
        p.setInt(8, users);
        p.setInt(9, CUSTOMERS_PER_USER);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            min = Math.min(min, rs.getLong(1));
            max = Math.max(max, rs.getLong(1));
          }
        }
        firstId = min;
        lastId = max;
      }
      // bulk-inserted rows: give the planner their statistics now rather than at autovacuum's next
      // round
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE crm_user, customer, reminder");
      }
      if (Instant.now().isAfter(firstDue)) {
        throw new IllegalStateException("inserting the reminders took longer than the lead time");
      }
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= users; i++) {
        ids.add(USER_PREFIX + String.format("%05d", i));
      }
      return new BurstData(tenantId, firstId, lastId, firstDue, firstDue.plusSeconds(60), ids);
    }

    boolean isBurstReminder(long id) {
      return id >= firstId && id <= lastId;
    }

    boolean isBurstUser(String platformUserId) {
      return platformUserId != null && platformUserId.startsWith(USER_PREFIX);
    }

    long notified(Connection c) throws Exception {
      return single(
          c,
          "SELECT count(*) FROM reminder WHERE tenant_id = ? AND id BETWEEN ? AND ? AND notified_at IS NOT NULL"
              + BURST_ONLY);
    }

    long failedMessages(Connection c) throws Exception {
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT count(*) FROM outbound_message WHERE tenant_id = ? AND status = 'failed'")) {
        p.setLong(1, tenantId);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    /** When each push to a burst user was queued, by recipient. */
    Map<String, List<Instant>> queuedTimes(Connection c) throws Exception {
      Map<String, List<Instant>> out = new HashMap<>();
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT recipient, created_at FROM outbound_message"
                  + " WHERE tenant_id = ? AND recipient LIKE '"
                  + USER_PREFIX
                  + "%' AND dedupe_key LIKE 'push:%'")) {
        p.setLong(1, tenantId);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(rs.getTimestamp(2).toInstant());
          }
        }
      }
      return out;
    }

    Map<Long, Instant> dueTimes(Connection c) throws Exception {
      Map<Long, Instant> out = new HashMap<>();
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT id, due_at FROM reminder WHERE tenant_id = ? AND id BETWEEN ? AND ?"
                  + BURST_ONLY)) {
        p.setLong(1, tenantId);
        p.setLong(2, firstId);
        p.setLong(3, lastId);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
          }
        }
      }
      return out;
    }

    private long single(Connection c, String sql) throws Exception {
      try (PreparedStatement p = c.prepareStatement(sql)) {
        p.setLong(1, tenantId);
        p.setLong(2, firstId);
        p.setLong(3, lastId);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }
  }
}
