package com.chatcrm.gateway.dingtalk;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.transfer.LeaverHandovers;
import com.chatcrm.gateway.PlatformError;
import com.chatcrm.gateway.platform.DirectoryWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a company's DingTalk directory into the engine, as the system: in full on demand (the
 * department tree from the root, members page by page, department leaders as managers; members no
 * longer listed are deactivated) and incrementally from org events (the users or departments an
 * event names, fetched fresh). A member who left has their hand-over announced. Everything is an
 * upsert, so repeating a sync or an event changes nothing.
 */
public final class DingTalkDirectorySync {

  private static final String ROOT = "1";

  /** DingTalk: no such user / no such department. */
  private static final Set<Integer> GONE = Set.of(60121, 60003, 50002);

  private final DingTalkSender sender;
  private final OrgService org;
  private final DirectoryWriter writer;
  private final LeaverHandovers handovers;

  public DingTalkDirectorySync(DingTalkSender sender, OrgService org) {
    this(sender, org, null);
  }

  /**
   * @param handovers announces the hand-over of members who left; null announces nothing
   */
  public DingTalkDirectorySync(DingTalkSender sender, OrgService org, LeaverHandovers handovers) {
    this.sender = sender;
    this.org = org;
    this.handovers = handovers;
    this.writer = new DirectoryWriter(org, handovers, "dingtalk");
  }

  /** Full sync with the admins named in the tenant's channel settings. */
  public Future<DirectoryWriter.Result> full(long tenantId) {
    return sender.tenants().byTenantId(tenantId).compose(entry -> full(tenantId, entry.admins()));
  }

  /**
   * @param admins DingTalk user ids that get the admin role
   */
  public Future<DirectoryWriter.Result> full(long tenantId, Set<String> admins) {
    return sender
        .api(tenantId)
        .compose(
            api ->
                tree(api)
                    .compose(
                        departments ->
                            members(api, departments)
                                .map(
                                    found ->
                                        new DirectoryWriter.Snapshot(
                                            departments.stream()
                                                .map(
                                                    d ->
                                                        new DirectoryWriter.Department(
                                                            id(d),
                                                            d.getString("name", "部门" + id(d)),
                                                            parentOf(d)))
                                                .toList(),
                                            found.members().values().stream()
                                                .map(m -> user(m, admins))
                                                .toList(),
                                            found.leaders()))))
        .compose(s -> writer.write(tenantId, s));
  }

  /**
   * user_add_org / user_modify_org / user_active_org: fetch and upsert each user, their departments
   * first.
   */
  public Future<Void> usersChanged(long tenantId, List<String> userIds) {
    Actor system = Actor.system(tenantId, "dingtalk-org-event");
    return sender
        .tenants()
        .byTenantId(tenantId)
        .compose(
            entry ->
                sender
                    .api(tenantId)
                    .compose(
                        api -> {
                          Future<Void> chain = Future.succeededFuture();
                          for (String userId : userIds) {
                            chain =
                                chain.compose(
                                    v ->
                                        api.topapi(
                                                "/topapi/v2/user/get",
                                                new JsonObject()
                                                    .put("userid", userId)
                                                    .put("language", "zh_CN"))
                                            .compose(
                                                answer -> {
                                                  JsonObject u =
                                                      answer.getJsonObject(
                                                          "result", new JsonObject());
                                                  List<String> depts =
                                                      strings(
                                                          u.getJsonArray(
                                                              "dept_id_list", new JsonArray()));
                                                  Future<Void> deps = Future.succeededFuture();
                                                  for (String dept : depts) {
                                                    deps =
                                                        deps.compose(
                                                            x ->
                                                                ensureDepartment(
                                                                    api, system, dept, 0));
                                                  }
                                                  return deps.compose(
                                                          x ->
                                                              org.upsertUser(
                                                                  system, user(u, entry.admins())))
                                                      .compose(
                                                          x -> {
                                                            Future<Void> managers =
                                                                Future.succeededFuture();
                                                            for (String dept : depts) {
                                                              managers =
                                                                  managers.compose(
                                                                      y ->
                                                                          managersOf(
                                                                              api, system, dept));
                                                            }
                                                            return managers;
                                                          });
                                                })
                                            .recover(
                                                e ->
                                                    gone(e)
                                                        ? deactivate(system, userId)
                                                        : Future.failedFuture(e)));
                          }
                          return chain;
                        }));
  }

  /** user_leave_org: the users can no longer act; their records stay. */
  public Future<Void> usersLeft(long tenantId, List<String> userIds) {
    Actor system = Actor.system(tenantId, "dingtalk-org-event");
    Future<Void> chain = Future.succeededFuture();
    for (String userId : userIds) {
      chain = chain.compose(v -> deactivate(system, userId));
    }
    return chain;
  }

  /** org_dept_remove: sub-departments move up to the parent; customers and history stay. */
  public Future<Void> removeDepartments(long tenantId, List<String> deptIds) {
    Actor system = Actor.system(tenantId, "dingtalk-org-event");
    Future<Void> chain = Future.succeededFuture();
    for (String deptId : deptIds) {
      chain = chain.compose(v -> org.removeDepartment(system, deptId));
    }
    return chain;
  }

  /**
   * org_dept_create / org_dept_modify: fetch and upsert each department (parents first) and its
   * managers.
   */
  public Future<Void> departmentsChanged(long tenantId, List<String> deptIds) {
    Actor system = Actor.system(tenantId, "dingtalk-org-event");
    return sender
        .api(tenantId)
        .compose(
            api -> {
              Future<Void> chain = Future.succeededFuture();
              for (String dept : deptIds) {
                chain =
                    chain.compose(
                        v ->
                            ensureDepartment(api, system, dept, 0)
                                .compose(x -> managersOf(api, system, dept))
                                .recover(
                                    e ->
                                        gone(e)
                                            ? Future.succeededFuture()
                                            : Future.failedFuture(e)));
              }
              return chain;
            });
  }

  /**
   * A member who left (never synced: nothing to do). A re-delivered event announces again, which
   * the cards' dedupe keys make harmless.
   */
  private Future<Void> deactivate(Actor system, String userId) {
    return org.deactivateUser(system, userId)
        .compose(
            v ->
                handovers == null
                    ? Future.<Void>succeededFuture()
                    : org.userId(system.tenantId(), userId)
                        .compose(id -> handovers.announce(system.tenantId(), List.of(id)))
                        .<Void>mapEmpty())
        .recover(e -> e instanceof NotFound ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /**
   * Upserts a department after its ancestors (depth-capped: a cycle in answers must not loop us).
   */
  private Future<Void> ensureDepartment(DingTalkApi api, Actor system, String dept, int depth) {
    if (depth > 32) {
      return Future.succeededFuture();
    }
    return api.topapi(
            "/topapi/v2/department/get",
            new JsonObject().put("dept_id", Long.parseLong(dept)).put("language", "zh_CN"))
        .compose(
            answer -> {
              JsonObject d = answer.getJsonObject("result", new JsonObject());
              String parent = parentOf(d);
              Future<Void> first =
                  parent == null
                      ? Future.succeededFuture()
                      : ensureDepartment(api, system, parent, depth + 1);
              return first
                  .compose(
                      v ->
                          org.upsertDepartment(
                              system, dept, d.getString("name", "部门" + dept), parent))
                  .mapEmpty();
            });
  }

  private Future<Void> managersOf(DingTalkApi api, Actor system, String dept) {
    return api.topapi(
            "/topapi/v2/department/get", new JsonObject().put("dept_id", Long.parseLong(dept)))
        .compose(
            answer ->
                org.setManagers(
                    system,
                    dept,
                    strings(
                        answer
                            .getJsonObject("result", new JsonObject())
                            .getJsonArray("dept_manager_userid_list", new JsonArray()))));
  }

  /** The department tree, parents before children: the root, then listsub level by level. */
  private Future<List<JsonObject>> tree(DingTalkApi api) {
    return api.topapi("/topapi/v2/department/get", new JsonObject().put("dept_id", 1L))
        .compose(
            root -> {
              List<JsonObject> all = new ArrayList<>();
              JsonObject r = root.getJsonObject("result", new JsonObject()).copy();
              r.remove("parent_id");
              all.add(r.put("dept_id", 1L));
              return children(api, List.of(1L), all).map(v -> all);
            });
  }

  private Future<Void> children(DingTalkApi api, List<Long> level, List<JsonObject> all) {
    if (level.isEmpty() || all.size() > 10_000) {
      return Future.succeededFuture();
    }
    List<Long> next = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Long parent : level) {
      chain =
          chain.compose(
              v ->
                  api.topapi(
                          "/topapi/v2/department/listsub", new JsonObject().put("dept_id", parent))
                      .map(
                          answer -> {
                            answer
                                .getJsonArray("result", new JsonArray())
                                .forEach(
                                    o -> {
                                      JsonObject d = (JsonObject) o;
                                      all.add(d);
                                      next.add(d.getLong("dept_id"));
                                    });
                            return null;
                          }));
    }
    return chain.compose(v -> children(api, next, all));
  }

  private record Members(Map<String, JsonObject> members, Map<String, List<String>> leaders) {}

  private Future<Members> members(DingTalkApi api, List<JsonObject> departments) {
    Members found = new Members(new LinkedHashMap<>(), new LinkedHashMap<>());
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject d : departments) {
      chain = chain.compose(v -> page(api, d.getLong("dept_id"), 0, found));
    }
    return chain.map(v -> found);
  }

  private Future<Void> page(DingTalkApi api, long dept, long cursor, Members found) {
    return api.topapi(
            "/topapi/v2/user/list",
            new JsonObject()
                .put("dept_id", dept)
                .put("cursor", cursor)
                .put("size", 100)
                .put("language", "zh_CN"))
        .compose(
            answer -> {
              JsonObject result = answer.getJsonObject("result", new JsonObject());
              result
                  .getJsonArray("list", new JsonArray())
                  .forEach(
                      o -> {
                        JsonObject m = (JsonObject) o;
                        found.members().putIfAbsent(m.getString("userid"), m);
                        if (Boolean.TRUE.equals(m.getBoolean("leader"))) {
                          found
                              .leaders()
                              .computeIfAbsent(String.valueOf(dept), k -> new ArrayList<>())
                              .add(m.getString("userid"));
                        }
                      });
              Long next = result.getLong("next_cursor");
              return Boolean.TRUE.equals(result.getBoolean("has_more"))
                      && next != null
                      && next > cursor
                  ? page(api, dept, next, found)
                  : Future.<Void>succeededFuture();
            });
  }

  private static OrgUser user(JsonObject u, Set<String> admins) {
    String userId = u.getString("userid");
    return new OrgUser(
        userId,
        u.getString("name", userId),
        u.getString("mobile"),
        u.getString("email"),
        admins.contains(userId) ? "admin" : "rep",
        strings(u.getJsonArray("dept_id_list", new JsonArray())));
  }

  private static String id(JsonObject d) {
    return String.valueOf(d.getLong("dept_id"));
  }

  /** The parent's id, or null for the root (dept 1 has none). */
  private static String parentOf(JsonObject d) {
    Long parent = d.getLong("parent_id");
    return parent == null || parent == 0 || String.valueOf(d.getLong("dept_id")).equals(ROOT)
        ? null
        : String.valueOf(parent);
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    a.forEach(o -> out.add(String.valueOf(o)));
    return out;
  }

  private static boolean gone(Throwable e) {
    return e instanceof PlatformError pe && GONE.contains(pe.errcode());
  }
}
