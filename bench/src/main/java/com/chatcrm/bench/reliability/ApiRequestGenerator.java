package com.chatcrm.bench.reliability;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Seeded random requests across users × records × operations. Ids are drawn on purpose from the
 * user's own records, their team's, colleagues' they may not see, the 公海, records they collaborate
 * on, deleted ones, the other tenant's and ids no row has. Writes rotate so the dataset survives:
 * at most a few customers stay deleted (a delete beyond that restores one instead), and a 公海
 * emptied by claims is refilled.
 */
final class ApiRequestGenerator {

  /** Beyond every id the service will make during a run: the surely-missing ids. */
  static final long MISSING_FROM = 1_900_000_000L;

  private static final int MAX_DELETED = 6;
  private static final String[] REGIONS = {"华东", "华南", "华北", "西南", "华中"};
  private static final String[] LEVELS = {"potential", "intent", "deal", "lost"};

  private record Cust(
      long id,
      long tenantId,
      Long ownerId,
      boolean inPool,
      boolean deleted,
      String name,
      Set<Long> collaborators) {}

  private record Row3(long id, long tenantId, long a, long b) {}

  private final Connection db;
  private final Random random;
  private final List<ProbeUser> users;
  private final PermissionOracle oracle;
  private List<Cust> customers = List.of();
  private List<Row3> opportunities = List.of(); // a = owner, b = stage
  private List<Row3> reminders = List.of(); // a = owner
  private List<Row3> mentions = List.of(); // a = to, b = from
  private List<Row3> openStages = List.of(); // tenant's open stages
  private int made;
  private long sequence;

  ApiRequestGenerator(Connection db, long seed, List<ProbeUser> users, PermissionOracle oracle) {
    this.db = db;
    this.random = new Random(seed);
    this.users = users;
    this.oracle = oracle;
  }

  ProbeRequest next() throws SQLException {
    if (made++ % 50 == 0) {
      reload();
    }
    ProbeUser u = users.get(random.nextInt(users.size()));
    int roll = random.nextInt(100);
    if (roll < 40) {
      ProbeOp op =
          pick(
              ProbeOp.GET_CUSTOMER,
              ProbeOp.GET_CUSTOMER,
              ProbeOp.CONTACTS,
              ProbeOp.OPPORTUNITIES,
              ProbeOp.FOLLOW_UPS,
              ProbeOp.AUDIT);
      return customerRequest(u, op, drawCustomer(u));
    }
    if (roll < 75) {
      return write(u);
    }
    return list(u);
  }

  private ProbeRequest write(ProbeUser u) throws SQLException {
    ProbeOp op =
        pick(
            ProbeOp.EDIT,
            ProbeOp.EDIT,
            ProbeOp.ADD_CONTACT,
            ProbeOp.ADD_FOLLOW_UP,
            ProbeOp.ADD_FOLLOW_UP,
            ProbeOp.SET_REMINDER,
            ProbeOp.CLAIM,
            ProbeOp.TRANSFER,
            ProbeOp.DELETE,
            ProbeOp.RESTORE,
            ProbeOp.MOVE_STAGE,
            ProbeOp.MOVE_STAGE,
            ProbeOp.REMINDER_DONE,
            ProbeOp.REMINDER_SNOOZE,
            ProbeOp.MENTION_DONE);
    switch (op) {
      case MOVE_STAGE -> {
        Drawn d = drawOther(u, opportunities);
        long stage = stageFor(d.tenant(u), d.row == null ? -1 : d.row.b);
        return new ProbeRequest(
            u,
            op,
            d.id,
            path(op, d.id),
            new JsonObject().put("version", version("opportunity", d.id)).put("stageId", stage),
            d.kind);
      }
      case REMINDER_DONE, REMINDER_SNOOZE -> {
        Drawn d = drawOther(u, reminders);
        JsonObject body = new JsonObject().put("version", version("reminder", d.id));
        if (op == ProbeOp.REMINDER_SNOOZE) {
          body.put("until", time(2));
        }
        return new ProbeRequest(u, op, d.id, path(op, d.id), body, d.kind);
      }
      case MENTION_DONE -> {
        Drawn d = drawOther(u, mentions);
        return new ProbeRequest(u, op, d.id, path(op, d.id), null, d.kind);
      }
      case DELETE -> {
        long deleted = customers.stream().filter(Cust::deleted).count();
        if (deleted >= MAX_DELETED) {
          return customerRequest(u, ProbeOp.RESTORE, draw(u, "deleted", c -> c.deleted));
        }
        return customerRequest(u, op, drawCustomer(u));
      }
      case RESTORE -> {
        return customerRequest(
            u, op, random.nextInt(100) < 60 ? draw(u, "deleted", c -> c.deleted) : drawCustomer(u));
      }
      case CLAIM -> {
        return customerRequest(
            u, op, random.nextInt(100) < 50 ? draw(u, "pool", c -> c.inPool) : drawCustomer(u));
      }
      default -> {
        return customerRequest(u, op, drawCustomer(u));
      }
    }
  }

  private ProbeRequest customerRequest(ProbeUser u, ProbeOp op, Drawn d) throws SQLException {
    long n = ++sequence;
    JsonObject body =
        switch (op) {
          case EDIT ->
              random.nextBoolean()
                  ? new JsonObject()
                      .put("version", version("customer", d.id))
                      .put("region", pick(REGIONS))
                  : new JsonObject()
                      .put("version", version("customer", d.id))
                      .put("level", pick(LEVELS));
          case ADD_CONTACT -> new JsonObject().put("name", "探针联系人" + n).put("title", "采购");
          case ADD_FOLLOW_UP -> new JsonObject().put("method", "call").put("content", "探针跟进 " + n);
          case SET_REMINDER -> new JsonObject().put("dueAt", time(3)).put("text", "探针提醒 " + n);
          case TRANSFER -> new JsonObject().put("toUserId", transferee(u, d));
          default -> null;
        };
    return new ProbeRequest(u, op, d.id, path(op, d.id), body, d.kind);
  }

  private ProbeRequest list(ProbeUser u) {
    ProbeOp op =
        pick(
            ProbeOp.LIST_CUSTOMERS,
            ProbeOp.LIST_CUSTOMERS,
            ProbeOp.SEARCH,
            ProbeOp.SEARCH,
            ProbeOp.POOL,
            ProbeOp.BOARD,
            ProbeOp.MY_REMINDERS,
            ProbeOp.MENTIONS,
            ProbeOp.ACTIVITY,
            ProbeOp.PIPELINE,
            ProbeOp.TEAM);
    String query =
        switch (op) {
          case LIST_CUSTOMERS -> {
            StringBuilder q =
                new StringBuilder(
                    "?limit=100&scope=" + pick("mine", "collaborating", "team", "team"));
            if (random.nextInt(3) == 0) {
              q.append("&level=").append(pick(LEVELS));
            }
            if (random.nextInt(3) == 0) {
              q.append("&ownerId=").append(users.get(random.nextInt(users.size())).userId());
            }
            yield q.toString();
          }
          case SEARCH -> "?limit=100&q=" + URLEncoder.encode(namePiece(), StandardCharsets.UTF_8);
          case POOL -> "?limit=100";
          case MENTIONS -> "?box=" + pick("to_me", "from_me");
          case ACTIVITY -> "?days=" + (1 + random.nextInt(90));
          case PIPELINE -> "?scope=" + pick("me", "team", "tenant");
          default -> "";
        };
    return new ProbeRequest(u, op, 0, op.path + query, null, "list");
  }

  /**
   * Two or three characters of some customer's name, of either tenant: searches that may hit what
   * is hidden.
   */
  private String namePiece() {
    Cust c = customers.get(random.nextInt(customers.size()));
    String name = c.name;
    int len = Math.min(name.length(), 2 + random.nextInt(2));
    int from = random.nextInt(name.length() - len + 1);
    return name.substring(from, from + len);
  }

  /** A drawn id and what kind it is; {@code row} for non-customer records. */
  private record Drawn(long id, String kind, Row3 row, Long tenantId) {
    long tenant(ProbeUser u) {
      return tenantId == null ? u.tenantId() : tenantId;
    }
  }

  private Drawn drawCustomer(ProbeUser u) {
    int roll = random.nextInt(100);
    if (roll < 25) {
      return draw(u, "own", c -> !c.deleted && u.userId() == (c.ownerId == null ? -1 : c.ownerId));
    } else if (roll < 40) {
      return draw(
          u,
          "team's",
          c ->
              !c.deleted
                  && c.ownerId != null
                  && c.ownerId != u.userId()
                  && oracle.seesOwner(u, c.ownerId));
    } else if (roll < 58) {
      return draw(
          u,
          "colleague's hidden",
          c ->
              !c.deleted
                  && c.ownerId != null
                  && !oracle.seesOwner(u, c.ownerId)
                  && !c.collaborators.contains(u.userId()));
    } else if (roll < 66) {
      return draw(u, "pool", c -> !c.deleted && c.inPool);
    } else if (roll < 72) {
      return draw(u, "collaborating", c -> !c.deleted && c.collaborators.contains(u.userId()));
    } else if (roll < 78) {
      return draw(u, "deleted", c -> c.deleted);
    } else if (roll < 92) {
      List<Cust> other = customers.stream().filter(c -> c.tenantId != u.tenantId()).toList();
      Cust c = other.get(random.nextInt(other.size()));
      return new Drawn(c.id, "other tenant's", null, c.tenantId);
    }
    return missing();
  }

  /** A customer of the user's tenant matching the kind; another kind when none does. */
  private Drawn draw(ProbeUser u, String kind, Predicate<Cust> matches) {
    List<Cust> found =
        customers.stream().filter(c -> c.tenantId == u.tenantId()).filter(matches).toList();
    if (found.isEmpty()) {
      List<Cust> mine =
          customers.stream().filter(c -> c.tenantId == u.tenantId() && !c.deleted).toList();
      Cust c = mine.get(random.nextInt(mine.size()));
      return new Drawn(c.id, "any of the tenant's", null, c.tenantId);
    }
    Cust c = found.get(random.nextInt(found.size()));
    return new Drawn(c.id, kind, null, c.tenantId);
  }

  /**
   * An opportunity, reminder or mention; {@code a} is its owner (addressee), {@code b} its sender
   * for mentions.
   */
  private Drawn drawOther(ProbeUser u, List<Row3> rows) {
    boolean mention = rows == mentions;
    Predicate<Row3> mine = r -> r.a == u.userId() || (mention && r.b == u.userId());
    int roll = random.nextInt(100);
    List<Row3> pool;
    String kind;
    if (roll < 35) {
      pool = rows.stream().filter(r -> r.tenantId == u.tenantId() && mine.test(r)).toList();
      kind = "own";
    } else if (roll < 75) {
      pool = rows.stream().filter(r -> r.tenantId == u.tenantId() && !mine.test(r)).toList();
      kind = "colleague's";
    } else if (roll < 92) {
      pool = rows.stream().filter(r -> r.tenantId != u.tenantId()).toList();
      kind = "other tenant's";
    } else {
      return missing();
    }
    if (pool.isEmpty()) {
      return missing();
    }
    Row3 r = pool.get(random.nextInt(pool.size()));
    return new Drawn(r.id, kind, r, r.tenantId);
  }

  private Drawn missing() {
    return new Drawn(MISSING_FROM + random.nextInt(100_000_000), "missing", null, null);
  }

  /**
   * Someone of the user's company other than the current owner (a transfer's target is always in
   * the company).
   */
  private long transferee(ProbeUser u, Drawn d) {
    Long owner =
        customers.stream()
            .filter(c -> c.id == d.id && c.ownerId != null)
            .map(c -> c.ownerId)
            .findFirst()
            .orElse(null);
    List<ProbeUser> colleagues =
        users.stream()
            .filter(x -> x.tenantId() == u.tenantId() && (owner == null || x.userId() != owner))
            .toList();
    return colleagues.get(random.nextInt(colleagues.size())).userId();
  }

  private long stageFor(long tenantId, long currentStage) {
    List<Row3> stages =
        openStages.stream().filter(s -> s.tenantId == tenantId && s.id != currentStage).toList();
    return stages.isEmpty() ? 1 : stages.get(random.nextInt(stages.size())).id;
  }

  /** The record's current version (the one a client would have read), 1 for a missing one. */
  private int version(String table, long id) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT version FROM " + table + " WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 1;
      }
    }
  }

  /**
   * Days from now in the companies' zone, always with seconds (a date-time without them fails
   * validation).
   */
  private static String time(int days) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(days).truncatedTo(ChronoUnit.SECONDS));
  }

  private static String path(ProbeOp op, long id) {
    return op.path.replace("{id}", Long.toString(id));
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  /** Re-reads the ids to draw from: writes move customers between owners, the pool and the bin. */
  private void reload() throws SQLException {
    ProbeFixtures.refillPool(db, random);
    List<Cust> cs = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
        SELECT c.id, c.tenant_id, c.owner_id, c.in_pool, c.deleted_at IS NOT NULL, c.name,
               ARRAY(SELECT cc.user_id FROM customer_collaborator cc WHERE cc.tenant_id = c.tenant_id
                      AND cc.customer_id = c.id)
          FROM customer c ORDER BY c.id""")) {
      while (rs.next()) {
        Set<Long> collaborators = new HashSet<>(List.of((Long[]) rs.getArray(7).getArray()));
        cs.add(
            new Cust(
                rs.getLong(1),
                rs.getLong(2),
                (Long) rs.getObject(3),
                rs.getBoolean(4),
                rs.getBoolean(5),
                rs.getString(6),
                collaborators));
      }
    }
    customers = cs;
    // only open deals and reminders not about to be pushed: the schedulers must not change a row
    // mid-request
    opportunities =
        rows(
            "SELECT id, tenant_id, owner_id, stage_id FROM opportunity WHERE status = 'open'"
                + " AND deleted_at IS NULL ORDER BY id");
    reminders =
        rows(
            "SELECT id, tenant_id, owner_id, 0 FROM reminder WHERE status IN ('pending', 'snoozed')"
                + " AND due_at > now() + interval '1 hour' ORDER BY id");
    mentions = rows("SELECT id, tenant_id, to_user_id, from_user_id FROM mention ORDER BY id");
    openStages =
        rows(
            "SELECT id, tenant_id, position, 0 FROM opportunity_stage WHERE kind = 'open' AND active"
                + " ORDER BY id");
  }

  private List<Row3> rows(String sql) throws SQLException {
    List<Row3> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(new Row3(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
    }
    return out;
  }
}
