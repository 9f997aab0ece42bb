package com.chatcrm.server;

import com.chatcrm.demo.SmallCompanyDemo;
import com.chatcrm.engine.Engine;
import com.chatcrm.gateway.Gateway;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxCompany;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxMode;
import com.chatcrm.sandbox.WeComSandbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * Sandbox mode's part of the composition, and the only class of the server that reaches the
 * platform stand-ins and the sandbox companies' demo data: the composition root builds it only when
 * sandbox mode is on, which the prod profile refuses (DependencyRulesTest keeps every other class
 * away from the sandbox and the demo generators).
 */
final class SandboxWiring {

  private final SandboxMode mode;
  private final SmallCompanyDemo demo;

  SandboxWiring(Vertx vertx, Engine engine, Gateway gateway, String publicUrl, int httpPort) {
    this.mode = new SandboxMode(vertx, engine, gateway, publicUrl, httpPort);
    this.demo = new SmallCompanyDemo(engine);
  }

  /** A configured platform base URL, or the stand-in served on our port for "sandbox". */
  static String apiBase(String configured, String platform, int httpPort) {
    return "sandbox".equals(configured) ? SandboxMode.apiBase(httpPort, platform) : configured;
  }

  void mount(Router router) {
    mode.mount(router);
  }

  /** Registers the sandbox companies, and for the dev profile gives them demo data (once). */
  Future<Void> start(boolean withDemoData) {
    return mode.registerCompanies()
        .compose(v -> withDemoData ? seedDemoData() : Future.succeededFuture());
  }

  /** For tests: the demo data, again (a company with customers is left alone). */
  public Future<Void> seedDemoData() {
    // one company after the other: side by side they only wait on each other's locks
    Future<Void> chain = Future.succeededFuture();
    for (SandboxCompany corp : SandboxCorps.all()) {
      List<String> members = corp.members().stream().map(SandboxCompany.Member::userId).toList();
      chain = chain.compose(v -> demo.seed(corp.platform(), corp.corpId(), members)).mapEmpty();
    }
    return chain;
  }

  /** For tests: what the stand-ins were asked. */
  public WeComSandbox weComSandbox() {
    return mode.weComSandbox();
  }

  public DingTalkSandbox dingTalkSandbox() {
    return mode.dingTalkSandbox();
  }
}
