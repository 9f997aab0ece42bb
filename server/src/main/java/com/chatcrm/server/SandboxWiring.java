package com.chatcrm.server;

import com.chatcrm.engine.Engine;
import com.chatcrm.gateway.Gateway;
import com.chatcrm.sandbox.DingTalkSandbox;
import com.chatcrm.sandbox.SandboxMode;
import com.chatcrm.sandbox.WeComSandbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * Sandbox mode's part of the composition, and the only class of the server that reaches the
 * platform stand-ins: the composition root builds it only when sandbox mode is on, which the prod
 * profile refuses (DependencyRulesTest keeps every other class away from the sandbox).
 */
final class SandboxWiring {

  private final SandboxMode mode;

  SandboxWiring(Vertx vertx, Engine engine, Gateway gateway, String publicUrl, int httpPort) {
    this.mode = new SandboxMode(vertx, engine, gateway, publicUrl, httpPort);
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
        .compose(v -> withDemoData ? mode.seedDemoData() : Future.succeededFuture());
  }

  /** For tests: the demo data, again (a company with customers is left alone). */
  public Future<Void> seedDemoData() {
    return mode.seedDemoData();
  }

  /** For tests: what the stand-ins were asked. */
  public WeComSandbox weComSandbox() {
    return mode.weComSandbox();
  }

  public DingTalkSandbox dingTalkSandbox() {
    return mode.dingTalkSandbox();
  }
}
