package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.error.NotFound;
import com.chatcrm.engine.org.CompanyRoster;
import com.chatcrm.engine.org.OrgQueries;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
  private final TenantService tenants;
  private final OrgService org;
  private final OrgQueries orgQueries;
  private final CompanyRoster roster;

  LoginRoutes(
      Engine engine,
      MiniAppConfig config,
      Map<String, PlatformLogin> platforms,
      Sessions sessions) {
    this.config = config;
    this.platforms = platforms;
    this.sessions = sessions;
    this.tenants = engine.tenants();
    this.org = engine.org();
    this.orgQueries = engine.orgQueries();
    this.roster = engine.roster();
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
    return roster
        .companies(c.query("corpId"), DEV_LOGIN_USERS)
        .map(
            companies ->
                new JsonObject()
                    .put(
                        "companies",
                        new JsonArray(
                            companies.stream().map(CompanyRoster.Company::toJson).toList())));
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
