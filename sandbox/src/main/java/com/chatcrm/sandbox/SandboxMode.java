package com.chatcrm.sandbox;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.gateway.Gateway;
import com.chatcrm.gateway.command.ParseApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox mode, which the composition root adds only when it is on: the WeCom and DingTalk
 * stand-ins with their companies, the sandbox chat page's API and the parse API, and the companies'
 * registration at start (their demo data is demo-data's SmallCompanyDemo, wired by the server).
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
    SandboxCorps.weCom().forEach(weCom::addCorp);
    SandboxCorps.dingTalk().forEach(dingTalk::addCorp);
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
    new SandboxChatApi(vertx, engine.roster(), weCom, dingTalk, () -> httpPort).mount(router);
    new SandboxDirectoryApi(vertx, weCom, dingTalk, () -> httpPort).mount(router);
  }

  /**
   * Registers the sandbox companies as tenants with their apps and syncs their directories, so the
   * sandbox chat works out of the box. Safe to run at every start.
   */
  public Future<Void> registerCompanies() {
    Future<Void> chain = Future.succeededFuture();
    for (SandboxCompany corp : SandboxCorps.all()) {
      chain =
          chain
              .compose(
                  v -> engine.tenants().register(corp.platform(), corp.corpId(), corp.name(), null))
              .compose(
                  tenant ->
                      engine
                          .channels()
                          .put(
                              Actor.system(tenant.id(), "sandbox"),
                              corp.platform(),
                              SandboxCorps.settings(corp, publicUrl + "/m/"))
                          .compose(v -> gateway.syncDirectory(corp.platform(), tenant.id())));
    }
    return chain.onSuccess(
        v ->
            LOG.info(
                "Sandbox companies registered: {}",
                SandboxCorps.all().stream()
                    .map(c -> c.name() + " (" + c.platform() + ")")
                    .toList()));
  }
}
