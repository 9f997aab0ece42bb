package com.chatcrm.sandbox;

import static com.chatcrm.sandbox.SandboxJson.body;
import static com.chatcrm.sandbox.SandboxJson.error;
import static com.chatcrm.sandbox.SandboxJson.ok;
import static com.chatcrm.sandbox.SandboxJson.randomHex;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DingTalk sandbox's directories, one per company, and the legacy API's department and user
 * reads. They can be changed, so org events have something to sync.
 */
final class DingTalkDirectory {

  private final Map<String, Map<Long, SandboxCompany.Department>> departments =
      new ConcurrentHashMap<>();
  private final Map<String, Map<String, SandboxCompany.Member>> members = new ConcurrentHashMap<>();

  /** Starts a company's directory as the company lists it. */
  void add(SandboxDingTalkCorp corp) {
    Map<Long, SandboxCompany.Department> depts = new ConcurrentHashMap<>();
    corp.departments().forEach(d -> depts.put(d.id(), d));
    departments.put(corp.corpId(), depts);
    Map<String, SandboxCompany.Member> people = new ConcurrentHashMap<>();
    corp.members().forEach(m -> people.put(m.userId(), m));
    members.put(corp.corpId(), people);
  }

  /** A member of a company now, or null. */
  SandboxCompany.Member member(String corpId, String userId) {
    return members.get(corpId).get(userId);
  }

  /**
   * Adds or changes a member of a company's directory (then post user_add_org / user_modify_org).
   */
  void putMember(String corpId, SandboxCompany.Member member) {
    members.get(corpId).put(member.userId(), member);
  }

  /** Removes a member (then post user_leave_org). */
  void removeMember(String corpId, String userId) {
    members.get(corpId).remove(userId);
  }

  /** Adds or renames a department (then post org_dept_create / org_dept_modify). */
  void putDepartment(String corpId, SandboxCompany.Department department) {
    departments.get(corpId).put(department.id(), department);
  }

  JsonObject listSub(SandboxDingTalkCorp corp, RoutingContext ctx) {
    long parent = body(ctx) == null ? 1 : body(ctx).getLong("dept_id", 1L);
    JsonArray out = new JsonArray();
    departments.get(corp.corpId()).values().stream()
        .filter(d -> d.parentId() == parent && d.id() != parent)
        .sorted((a, b) -> Long.compare(a.id(), b.id()))
        .forEach(
            d ->
                out.add(
                    new JsonObject()
                        .put("dept_id", d.id())
                        .put("name", d.name())
                        .put("parent_id", d.parentId())
                        .put("create_dept_group", false)
                        .put("auto_add_user", true)));
    return ok().put("result", out).put("request_id", randomHex(8));
  }

  JsonObject department(SandboxDingTalkCorp corp, RoutingContext ctx) {
    long id = body(ctx) == null ? -1 : body(ctx).getLong("dept_id", -1L);
    SandboxCompany.Department d = departments.get(corp.corpId()).get(id);
    if (d == null) {
      return error(60003, "部门不存在");
    }
    JsonObject result = new JsonObject().put("dept_id", d.id()).put("name", d.name());
    if (d.parentId() != 0) {
      result.put("parent_id", d.parentId());
    }
    result.put(
        "dept_manager_userid_list",
        new JsonArray(
            members.get(corp.corpId()).values().stream()
                .filter(m -> m.leader() && m.departments().contains(id))
                .map(SandboxCompany.Member::userId)
                .sorted()
                .toList()));
    return ok().put("result", result);
  }

  JsonObject userList(SandboxDingTalkCorp corp, RoutingContext ctx) {
    JsonObject body = body(ctx) == null ? new JsonObject() : body(ctx);
    long dept = body.getLong("dept_id", 1L);
    int cursor = body.getInteger("cursor", 0);
    int size = Math.max(1, Math.min(100, body.getInteger("size", 100)));
    List<SandboxCompany.Member> inDept =
        members.get(corp.corpId()).values().stream()
            .filter(m -> m.departments().contains(dept))
            .sorted((a, b) -> a.userId().compareTo(b.userId()))
            .toList();
    JsonArray list = new JsonArray();
    inDept.stream()
        .skip(cursor)
        .limit(size)
        .forEach(m -> list.add(userJson(m).put("leader", m.leader())));
    boolean more = cursor + size < inDept.size();
    JsonObject result = new JsonObject().put("has_more", more).put("list", list);
    if (more) {
      result.put("next_cursor", cursor + size);
    }
    return ok().put("result", result);
  }

  JsonObject user(SandboxDingTalkCorp corp, RoutingContext ctx) {
    String userId = body(ctx) == null ? null : body(ctx).getString("userid");
    SandboxCompany.Member m = userId == null ? null : members.get(corp.corpId()).get(userId);
    if (m == null) {
      return error(60121, "找不到该用户");
    }
    JsonArray leaderIn = new JsonArray();
    m.departments()
        .forEach(d -> leaderIn.add(new JsonObject().put("dept_id", d).put("leader", m.leader())));
    return ok().put("result", userJson(m).put("leader_in_dept", leaderIn));
  }

  private static JsonObject userJson(SandboxCompany.Member m) {
    return new JsonObject()
        .put("userid", m.userId())
        .put("unionid", "union-" + m.userId())
        .put("name", m.name())
        .put("mobile", m.mobile())
        .put("dept_id_list", new JsonArray(m.departments()))
        .put("active", true);
  }
}
