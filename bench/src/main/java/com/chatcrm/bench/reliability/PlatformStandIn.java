package com.chatcrm.bench.reliability;

import com.chatcrm.sandbox.SandboxCall;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.SandboxFaults;
import com.chatcrm.sandbox.WeComSandbox;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own WeCom sandbox, run in the probe's process on a port of its own and given to the
 * service as its WeCom API ({@code CRM_WECOM_API_BASE_URL}): the probe can then make it fail,
 * rate-limit or stall, and read every message the service sent through it, across restarts of the
 * service.
 */
final class PlatformStandIn implements AutoCloseable {

  private final Vertx vertx;
  private final WeComSandbox wecom;
  private final HttpServer server;

  private PlatformStandIn(Vertx vertx, WeComSandbox wecom, HttpServer server) {
    this.vertx = vertx;
    this.wecom = wecom;
    this.server = server;
  }

  static PlatformStandIn start() throws Exception {
    Vertx vertx = Vertx.vertx();
    WeComSandbox wecom = new WeComSandbox(vertx);
    SandboxCorps.weCom().forEach(wecom::addCorp);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(wecom.router())
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    return new PlatformStandIn(vertx, wecom, server);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  SandboxFaults faults() {
    return wecom.faults();
  }

  /** Every message/send call so far, with the sandbox's answer. */
  List<SandboxCall> sends() {
    return wecom.calls("/cgi-bin/message/send");
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
