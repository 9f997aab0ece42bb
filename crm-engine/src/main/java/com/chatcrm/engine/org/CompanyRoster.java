package com.chatcrm.engine.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every company (tenant) with its active members, for the sandbox's pickers: the sandbox chat page
 * and the mini-app's dev login. It crosses tenants, so only sandbox-mode callers use it.
 */
public final class CompanyRoster {

  /** A company and the active members listed for it, in the order they joined. */
  public record Company(
      long tenantId, String platform, String corpId, String name, List<Member> members) {

    /** As the sandbox pickers show it: a member's role is "manager" when they manage one. */
    public JsonObject toJson() {
      JsonArray users = new JsonArray();
      members.forEach(
          m ->
              users.add(
                  new JsonObject()
                      .put("userId", m.platformUserId())
                      .put("name", m.name())
                      .put("role", m.manager() ? "manager" : m.role())));
      return new JsonObject()
          .put("tenantId", tenantId)
          .put("platform", platform)
          .put("corpId", corpId)
          .put("name", name)
          .put("users", users);
    }
  }

  /** An active member: the manager flag says they manage a department. */
  public record Member(String platformUserId, String name, String role, boolean manager) {}

  private static final String COMPANIES =
      """
      SELECT t.tenant_id, t.platform, t.corp_id, t.name AS tenant_name,
             u.platform_user_id, u.name, u.role,
             EXISTS (SELECT 1 FROM department_manager m
                      WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id) AS manager
        FROM tenant t
        CROSS JOIN LATERAL (SELECT id, tenant_id, platform_user_id, name, role FROM crm_user
                             WHERE tenant_id = t.tenant_id AND active ORDER BY id LIMIT $2) u
       WHERE $1::text IS NULL OR t.corp_id = $1
       ORDER BY t.platform DESC, t.tenant_id, u.id
      """;

  private final Pool pool;

  public CompanyRoster(Pool pool) {
    this.pool = pool;
  }

  /**
   * The companies with at least one active member, WeCom's first.
   *
   * @param corpId only this company, or null for all
   * @param membersEach at most this many members per company, or null for all
   */
  public Future<List<Company>> companies(String corpId, Integer membersEach) {
    return pool.preparedQuery(COMPANIES)
        .execute(Tuple.of(corpId, membersEach))
        .map(
            rows -> {
              Map<Long, Company> byTenant = new LinkedHashMap<>();
              for (Row r : rows) {
                byTenant
                    .computeIfAbsent(
                        r.getLong("tenant_id"),
                        id ->
                            new Company(
                                id,
                                r.getString("platform"),
                                r.getString("corp_id"),
                                r.getString("tenant_name"),
                                new ArrayList<>()))
                    .members()
                    .add(
                        new Member(
                            r.getString("platform_user_id"),
                            r.getString("name"),
                            r.getString("role"),
                            Boolean.TRUE.equals(r.getBoolean("manager"))));
              }
              return List.copyOf(byTenant.values());
            });
  }
}
