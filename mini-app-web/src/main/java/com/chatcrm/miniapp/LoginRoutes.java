package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public operations that open a session: 免登 with a platform's one-time code (WeCom, DingTalk),
 * and in the sandbox the dev login and the companies its form offers.
 */
final class LoginRoutes {

  /** Users offered per company on the sandbox login form. */
  private static final int DEV_LOGIN_USERS = 8;

  private final MiniAppConfig config;
  private final Map<String, PlatformLogin> platforms;
  private final Sessions sessions;
  private final Pool pool;
  private final TenantService tenants;
  private final OrgService org;
  private final OrgQueries orgQueries;

  LoginRoutes(
      Engine engine,
      MiniAppConfig config,
      Map<String, PlatformLogin> platforms,
      Sessions sessions) {
    this.config = config;
    this.platforms = platforms;
    this.sessions = sessions;
    this.pool = engine.pool();
    this.tenants = engine.tenants();
    this.org = engine.org();
    this.orgQueries = engine.orgQueries();
  }

  void addTo(Operations operations) {
    operations.open("devLogin", this::devLogin);
    operations.open("devLoginCompanies", this::devLoginCompanies);
    operations.open("wecomLogin", c -> codeLogin(c, "wecom"));
    operations.open("dingtalkLogin", c -> codeLogin(c, "dingtalk"));
  }

  private Future<Object> devLogin(Call c) {
    if (!config.sandbox()) {
      return Future.failedFuture(new NotFound("沙箱登录未开启：请从企业微信 / 钉钉工作台打开"));
    }
    JsonObject b = c.body();
    String platform = b.getString("platform", "wecom");
    String platformUserId = b.getString("userId");
    return tenants
        .find(platform, b.getString("corpId"))
        .compose(tenant -> sessionFor(tenant, platformUserId));
  }

  /**
   * The sandbox login form's companies: the one a link names (?corpId=) or all, each with its
   * platform and a few active users, so the form logs in to the company the link was for.
   */
  private Future<Object> devLoginCompanies(Call c) {
    if (!config.sandbox()) {
      return Future.failedFuture(new NotFound("沙箱登录未开启：请从企业微信 / 钉钉工作台打开"));
    }
    return pool.preparedQuery(
            """
            SELECT t.platform, t.corp_id, t.name, u.platform_user_id, u.name AS user_name
              FROM tenant t
              CROSS JOIN LATERAL (SELECT platform_user_id, name FROM crm_user
                                   WHERE tenant_id = t.tenant_id AND active ORDER BY id LIMIT $2) u
             WHERE $1::text IS NULL OR t.corp_id = $1
             ORDER BY t.platform DESC, t.tenant_id
            """)
        .execute(Tuple.of(c.query("corpId"), DEV_LOGIN_USERS))
        .map(
            rows -> {
              Map<String, JsonObject> byCorp = new LinkedHashMap<>();
              for (Row r : rows) {
                JsonObject company =
                    byCorp.computeIfAbsent(
                        r.getString("platform") + ":" + r.getString("corp_id"),
                        k ->
                            new JsonObject()
                                .put("platform", r.getString("platform"))
                                .put("corpId", r.getString("corp_id"))
                                .put("name", r.getString("name"))
                                .put("users", new JsonArray()));
                company
                    .getJsonArray("users")
                    .add(
                        new JsonObject()
                            .put("userId", r.getString("platform_user_id"))
                            .put("name", r.getString("user_name")));
              }
              return new JsonObject()
                  .put("companies", new JsonArray(new ArrayList<>(byCorp.values())));
            });
  }

  /**
   * 免登: the platform turns the one-time code into its user id, which must be a member of the
   * company.
   */
  private Future<Object> codeLogin(Call c, String platform) {
    PlatformLogin login = platforms.get(platform);
    if (login == null) {
      return Future.failedFuture(new NotFound(platform + " login is not configured"));
    }
    JsonObject b = c.body();
    return tenants
        .find(platform, b.getString("corpId"))
        .compose(
            tenant ->
                login
                    .platformUserId(tenant, b.getString("code"))
                    .compose(platformUserId -> sessionFor(tenant, platformUserId)));
  }

  private Future<Object> sessionFor(Tenant tenant, String platformUserId) {
    return org.userId(tenant.id(), platformUserId)
        .compose(
            userId -> {
              Actor actor = Actor.user(tenant.id(), userId, Source.miniApp("login"));
              return orgQueries
                  .team(actor)
                  .map(
                      team -> {
                        String name =
                            team.stream()
                                .filter(m -> m.id() == userId)
                                .map(m -> m.name())
                                .findFirst()
                                .orElse(platformUserId);
                        return sessions.issue(tenant, userId, platformUserId, name);
                      });
            });
  }
}
