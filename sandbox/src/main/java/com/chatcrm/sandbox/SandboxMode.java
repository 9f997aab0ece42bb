package com.chatcrm.sandbox;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.gateway.Gateway;
import com.chatcrm.gateway.command.ParseApi;
import com.chatcrm.gateway.wecom.WeComApp;
import com.chatcrm.gateway.wecom.WeComTenants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox mode, which the composition root adds only when it is on: the WeCom and DingTalk
 * stand-ins with their companies, the sandbox chat page's API and the parse API, and the companies'
 * registration (and, for the dev profile, demo data) at start.
 */
public final class SandboxMode {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxMode.class);

  private final Vertx vertx;
  private final Engine engine;
  private final Gateway gateway;
  private final String publicUrl;
  private final int httpPort;
  private final WeComSandbox weCom;
  private final DingTalkSandbox dingTalk;

  /**
   * @param publicUrl how users reach the service: the sandbox DingTalk app's mini-app is there
   * @param httpPort where the sandbox chat page sends its (signed) callbacks
   */
  public SandboxMode(Vertx vertx, Engine engine, Gateway gateway, String publicUrl, int httpPort) {
    this.vertx = vertx;
    this.engine = engine;
    this.gateway = gateway;
    this.publicUrl = publicUrl;
    this.httpPort = httpPort;
    this.weCom = new WeComSandbox(vertx);
    this.dingTalk = new DingTalkSandbox(vertx);
    SandboxCorps.all().forEach(weCom::addCorp);
    SandboxDingTalkCorps.all().forEach(dingTalk::addCorp);
  }

  /** The platform APIs' base URLs when they are the stand-ins served on {@code httpPort}. */
  public static String apiBase(int httpPort, String platform) {
    return "http://127.0.0.1:" + httpPort + "/sandbox/" + platform;
  }

  public WeComSandbox weComSandbox() {
    return weCom;
  }

  public DingTalkSandbox dingTalkSandbox() {
    return dingTalk;
  }

  /** The stand-ins, the sandbox chat API (typed lines go through the real, signed callbacks). */
  public void mount(Router router) {
    new ParseApi(engine.tenants(), gateway.commands()).mount(router);
    router.route("/sandbox/wecom/*").subRouter(weCom.router());
    router.route("/sandbox/dingtalk/*").subRouter(dingTalk.router());
    new SandboxChatApi(vertx, engine.pool(), weCom, dingTalk, () -> httpPort).mount(router);
  }

  /**
   * Registers the sandbox companies as tenants with their apps and syncs their directories, so the
   * sandbox chat works out of the box. Safe to run at every start.
   */
  public Future<Void> registerCompanies() {
    Future<Void> chain = Future.succeededFuture();
    for (SandboxCorp corp : SandboxCorps.all()) {
      chain =
          chain
              .compose(v -> engine.tenants().register("wecom", corp.corpId(), corp.name(), null))
              .compose(
                  tenant ->
                      engine
                          .channels()
                          .put(
                              Actor.system(tenant.id(), "sandbox"),
                              "wecom",
                              WeComTenants.settingsOf(
                                      new WeComApp(
                                          corp.corpId(),
                                          corp.agentId(),
                                          corp.secret(),
                                          corp.callbackToken(),
                                          corp.encodingAesKey()))
                                  .put(
                                      "admins",
                                      new JsonArray().add(corp.members().get(0).userId())))
                          .compose(v -> gateway.syncDirectory("wecom", tenant.id())));
    }
    for (SandboxDingTalkCorp corp : SandboxDingTalkCorps.all()) {
      chain =
          chain
              .compose(v -> engine.tenants().register("dingtalk", corp.corpId(), corp.name(), null))
              .compose(
                  tenant ->
                      engine
                          .channels()
                          .put(
                              Actor.system(tenant.id(), "sandbox"),
                              "dingtalk",
                              SandboxDingTalkCorps.settings(corp, publicUrl + "/m/"))
                          .compose(v -> gateway.syncDirectory("dingtalk", tenant.id())));
    }
    return chain.onSuccess(
        v ->
            LOG.info(
                "Sandbox companies registered: {} (WeCom), {} (DingTalk)",
                SandboxCorps.all().stream().map(SandboxCorp::name).toList(),
                SandboxDingTalkCorps.all().stream().map(SandboxDingTalkCorp::name).toList()));
  }

  /**
   * For the dev profile: gives each sandbox company its demo customers, contacts, opportunities and
   * follow-ups, once (a company with customers is left alone). Run after {@link
   * #registerCompanies()}.
   */
  public Future<Void> seedDemoData() {
    SandboxDemoData demo = new SandboxDemoData(engine);
    // one company after the other: side by side they only wait on each other's locks
    Future<Void> chain = Future.succeededFuture();
    for (SandboxCorp corp : SandboxCorps.all()) {
      chain =
          chain
              .compose(
                  v ->
                      demo.seed(
                          "wecom",
                          corp.corpId(),
                          corp.members().stream().map(SandboxCorp.Member::userId).toList()))
              .mapEmpty();
    }
    for (SandboxDingTalkCorp corp : SandboxDingTalkCorps.all()) {
      chain =
          chain
              .compose(
                  v ->
                      demo.seed(
                          "dingtalk",
                          corp.corpId(),
                          corp.members().stream().map(SandboxCorp.Member::userId).toList()))
              .mapEmpty();
    }
    return chain;
  }
}
