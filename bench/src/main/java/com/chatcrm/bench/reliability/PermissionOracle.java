package com.chatcrm.bench.reliability;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may see and change what, decided in SQL over the service's database from the product's rule
 * (design docs, README's sandbox section, the schema), not from the engine's Java checks: an admin
 * sees the whole company; a department's leader sees what the members of that department and of
 * every department below it own; everyone sees what they own and what they collaborate on; a 公海
 * customer is visible to the whole company for claiming; nothing crosses tenants. The org chart is
 * walked upwards from the owner (the engine walks downwards from the leader), so a mistake in one
 * direction does not hide in the other.
 */
final class PermissionOracle {

  /** What the rule says about one request. */
  enum Verdict {
    /** The user may do it: a refusal is "refused though allowed". */
    ALLOWED,
    /** The user may see the record but not do this: a refusal may name it; nothing may change. */
    REFUSED_VISIBLE,
    /**
     * The user may not even know the record exists: the answer must be the one for a missing id.
     */
    REFUSED_HIDDEN,
    /** The product's rule does not settle it (documented in the page): only 5xx counts. */
    EITHER
  }

  /**
   * A customer as the rule needs it; {@code null} from {@link #customer} when no row has the id.
   */
  record CustomerFacts(
      long id,
      long tenantId,
      Long ownerId,
      boolean inPool,
      boolean deleted,
      String name,
      String ownerName,
      Set<Long> collaborators) {}

  record OpportunityFacts(
      long id,
      long tenantId,
      long customerId,
      long ownerId,
      String status,
      int version,
      long stageId,
      boolean deleted) {}

  record ReminderFacts(
      long id, long tenantId, long ownerId, Long customerId, String status, int version) {}

  record MentionFacts(
      long id, long tenantId, long fromUserId, long toUserId, Long customerId, String status) {}

  // Every (leader, member) pair: the member's departments and all their ancestors, joined to who
  // leads them.
  private static final String LEADS =
      """
      WITH RECURSIVE up(user_id, dept) AS (
        SELECT ud.user_id, ud.department_id FROM user_department ud WHERE ud.tenant_id = ?
        UNION
        SELECT up.user_id, d.parent_id FROM up JOIN department d ON d.tenant_id = ? AND d.id = up.dept
         WHERE d.parent_id IS NOT NULL
      )
      SELECT DISTINCT dm.user_id AS leader, up.user_id AS member
        FROM up JOIN department_manager dm ON dm.tenant_id = ? AND dm.department_id = up.dept
      """;

  private final Connection db;
  private final Map<Long, ProbeUser> users = new HashMap<>();
  private final Map<Long, Set<Long>> overseen = new HashMap<>();

  PermissionOracle(Connection db, List<ProbeUser> all) throws SQLException {
    this.db = db;
    Set<Long> tenants = new HashSet<>();
    for (ProbeUser u : all) {
      users.put(u.userId(), u);
      overseen.put(u.userId(), new HashSet<>(Set.of(u.userId())));
      tenants.add(u.tenantId());
    }
    for (long tenant : tenants) {
      try (PreparedStatement s = db.prepareStatement(LEADS)) {
        s.setLong(1, tenant);
        s.setLong(2, tenant);
        s.setLong(3, tenant);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            overseen
                .computeIfAbsent(rs.getLong("leader"), k -> new HashSet<>())
                .add(rs.getLong("member"));
          }
        }
      }
    }
  }

  /**
   * Whether the user sees what {@code ownerId} owns: themself, someone below a department they
   * lead, or admin.
   */
  boolean seesOwner(ProbeUser u, Long ownerId) {
    if (ownerId == null) {
      return false;
    }
    ProbeUser owner = users.get(ownerId);
    if (owner == null || owner.tenantId() != u.tenantId()) {
      return false;
    }
    return u.admin() || overseen.getOrDefault(u.userId(), Set.of()).contains(ownerId);
  }

  /** Whether the user leads a department (someone besides themself is below them). */
  boolean leads(ProbeUser u) {
    return overseen.getOrDefault(u.userId(), Set.of()).size() > 1;
  }

  /** The rule for reading a customer, deletion aside. */
  boolean mayRead(ProbeUser u, CustomerFacts c) {
    return c != null
        && c.tenantId() == u.tenantId()
        && (c.inPool()
            || u.admin()
            || seesOwner(u, c.ownerId())
            || c.collaborators().contains(u.userId()));
  }

  /**
   * Edit, add contacts and follow-ups: admins; owner's side and collaborators of a private
   * customer.
   */
  boolean mayEdit(ProbeUser u, CustomerFacts c) {
    return c != null
        && c.tenantId() == u.tenantId()
        && (u.admin()
            || (!c.inPool()
                && (seesOwner(u, c.ownerId()) || c.collaborators().contains(u.userId()))));
  }

  /** Delete, restore, transfer: admins; the owner and their leaders for a private customer. */
  boolean mayManage(ProbeUser u, CustomerFacts c) {
    return c != null
        && c.tenantId() == u.tenantId()
        && (u.admin() || (!c.inPool() && seesOwner(u, c.ownerId())));
  }

  /**
   * A refusal for a record the user may see may say so; for any other it must look like a missing
   * id.
   */
  Verdict refusal(ProbeUser u, CustomerFacts c) {
    return c != null && !c.deleted() && mayRead(u, c)
        ? Verdict.REFUSED_VISIBLE
        : Verdict.REFUSED_HIDDEN;
  }

  /**
   * A deleted customer is "missing" to anyone without rights over it, except one deleted from the
   * 公海, which the whole company saw; to those with rights the rule is silent (the bin is not
   * specified).
   */
  Verdict onDeleted(ProbeUser u, CustomerFacts c) {
    if (mayManage(u, c) || mayEdit(u, c)) {
      return Verdict.EITHER;
    }
    return c.tenantId() == u.tenantId() && c.inPool()
        ? Verdict.REFUSED_VISIBLE
        : Verdict.REFUSED_HIDDEN;
  }

  /**
   * Whether the customer left the 公海 by a claim or an assignment: the whole company saw it there,
   * so a claim that came too late may say it was taken (without naming it or its new owner).
   */
  boolean leftThePool(CustomerFacts c) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            """
        SELECT EXISTS (SELECT 1 FROM pool_event WHERE tenant_id = ? AND customer_id = ? AND kind IN ('claim', 'assign'))""")) {
      s.setLong(1, c.tenantId());
      s.setLong(2, c.id());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  CustomerFacts customer(long id) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            """
        SELECT c.tenant_id, c.owner_id, c.in_pool, c.deleted_at IS NOT NULL AS deleted, c.name, u.name AS owner_name,
               ARRAY(SELECT cc.user_id FROM customer_collaborator cc
                      WHERE cc.tenant_id = c.tenant_id AND cc.customer_id = c.id) AS collaborators
          FROM customer c LEFT JOIN crm_user u ON u.tenant_id = c.tenant_id AND u.id = c.owner_id
         WHERE c.id = ?""")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Set<Long> collaborators = new HashSet<>();
        Array a = rs.getArray("collaborators");
        for (Long l : (Long[]) a.getArray()) {
          collaborators.add(l);
        }
        return new CustomerFacts(
            id,
            rs.getLong("tenant_id"),
            (Long) rs.getObject("owner_id"),
            rs.getBoolean("in_pool"),
            rs.getBoolean("deleted"),
            rs.getString("name"),
            rs.getString("owner_name"),
            collaborators);
      }
    }
  }

  OpportunityFacts opportunity(long id) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            """
        SELECT tenant_id, customer_id, owner_id, status, version, stage_id, deleted_at IS NOT NULL AS deleted
          FROM opportunity WHERE id = ?""")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? new OpportunityFacts(
                id,
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getLong(6),
                rs.getBoolean(7))
            : null;
      }
    }
  }

  ReminderFacts reminder(long id) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT tenant_id, owner_id, customer_id, status, version FROM reminder WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? new ReminderFacts(
                id,
                rs.getLong(1),
                rs.getLong(2),
                (Long) rs.getObject(3),
                rs.getString(4),
                rs.getInt(5))
            : null;
      }
    }
  }

  MentionFacts mention(long id) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT tenant_id, from_user_id, to_user_id, customer_id, status FROM mention WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? new MentionFacts(
                id,
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                (Long) rs.getObject(4),
                rs.getString(5))
            : null;
      }
    }
  }

  /** An opportunity is the user's to see when its owner is, or its customer is. */
  boolean maySeeOpportunity(ProbeUser u, OpportunityFacts o) throws SQLException {
    return o != null
        && o.tenantId() == u.tenantId()
        && (seesOwner(u, o.ownerId()) || mayRead(u, customer(o.customerId())));
  }

  /**
   * Whether the user sees one of the customer's deals (as its owner's side) though perhaps not the
   * customer.
   */
  boolean seesADealOf(ProbeUser u, long customerId) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT owner_id FROM opportunity WHERE tenant_id = ? AND customer_id = ? AND deleted_at IS NULL")) {
      s.setLong(1, u.tenantId());
      s.setLong(2, customerId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (seesOwner(u, rs.getLong(1))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Moving a stage: editing the customer's deals, or owning the deal. */
  Verdict moveStage(ProbeUser u, OpportunityFacts o) throws SQLException {
    if (o == null || o.tenantId() != u.tenantId() || o.deleted()) {
      return Verdict.REFUSED_HIDDEN;
    }
    CustomerFacts c = customer(o.customerId());
    if (c.deleted()) {
      return maySeeOpportunity(u, o) ? Verdict.EITHER : Verdict.REFUSED_HIDDEN;
    }
    if (mayEdit(u, c)) {
      return Verdict.ALLOWED;
    }
    return maySeeOpportunity(u, o) ? Verdict.EITHER : Verdict.REFUSED_HIDDEN;
  }

  /**
   * A reminder is acted on (done, snoozed) by its owner and by whoever sees the owner, as the
   * engine's reminder service states it ("a reminder of the actor's, or of someone the actor
   * manages"); anyone who sees its customer may learn it exists.
   */
  Verdict reminderAction(ProbeUser u, ReminderFacts r) throws SQLException {
    if (r == null || r.tenantId() != u.tenantId()) {
      return Verdict.REFUSED_HIDDEN;
    }
    if (r.ownerId() == u.userId() || seesOwner(u, r.ownerId())) {
      return Verdict.ALLOWED;
    }
    boolean visible = r.customerId() != null && mayRead(u, customer(r.customerId()));
    return visible ? Verdict.REFUSED_VISIBLE : Verdict.REFUSED_HIDDEN;
  }

  /**
   * A mention is marked done by its addressee or its sender (commands.md, the mini-app's 我的@); a
   * leader who sees either of them, or anyone who sees its customer, may learn it exists; anyone
   * else must not.
   */
  Verdict mentionDone(ProbeUser u, MentionFacts m) throws SQLException {
    if (m == null || m.tenantId() != u.tenantId()) {
      return Verdict.REFUSED_HIDDEN;
    }
    if (m.toUserId() == u.userId() || m.fromUserId() == u.userId()) {
      return Verdict.ALLOWED;
    }
    boolean visible =
        seesOwner(u, m.fromUserId())
            || seesOwner(u, m.toUserId())
            || (m.customerId() != null && mayRead(u, customer(m.customerId())));
    return visible ? Verdict.REFUSED_VISIBLE : Verdict.REFUSED_HIDDEN;
  }
}
