package com.chatcrm.bench;

import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * The WxJava baseline: {@code WxJavaBaseline <port>} answers each WeCom callback POST after only
 * what WxJava's own example handler does with it — the msg_signature checked, the Encrypt element
 * decrypted and the message parsed into a {@link WxCpXmlMessage}, with the sandbox company's
 * callback token, EncodingAESKey and corp id — and stores nothing. Served by Vert.x HTTP, one
 * server per core as the service's, so that a comparison with the service is about the work behind
 * the answer, not the HTTP stack.
 */
public final class WxJavaBaseline {

  private final WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();

  /** A handler for the sandbox company's callbacks. */
  WxJavaBaseline(SandboxCorp corp) {
    config.setCorpId(corp.corpId());
    config.setToken(corp.callbackToken());
    config.setAesKey(corp.encodingAesKey());
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    SandboxCorp corp = SandboxCorps.huaxin();
    WxJavaBaseline baseline = new WxJavaBaseline(corp);
    baseline.warmUp(corp);
    Vertx vertx = Vertx.vertx();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      vertx
          .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
          .requestHandler(baseline::handle)
          .listen()
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
    System.out.println("WxJava baseline listening on 127.0.0.1:" + port);
  }

  /**
   * WxJava's first callbacks load and set up its XML binding (seconds on a busy 2-core machine, on
   * an event loop): done before listening, as the service has been warmed by the earlier phases
   * (2,000 callbacks, or 5 s).
   */
  private void warmUp(SandboxCorp corp) {
    WeComCallbackSimulator sim = new WeComCallbackSimulator(null, null);
    CallbackRequests.Target who = new CallbackRequests.Target("zhangsan", "天河机械有限公司");
    long until = System.nanoTime() + 5_000_000_000L;
    for (int i = 0; i < 2000 && System.nanoTime() < until; i++) {
      open(
          sim.build(
              corp, CallbackRequests.weComText(corp, who, i, System.currentTimeMillis() / 1000)));
    }
  }

  /** {@link #open(String, String, String, String)} of a prepared callback and its query. */
  WxCpXmlMessage open(WeComCallbackSimulator.Callback cb) {
    Map<String, String> q = new HashMap<>();
    for (String pair : cb.query().split("&")) {
      String[] kv = pair.split("=", 2);
      q.put(kv[0], kv[1]);
    }
    return open(cb.body(), q.get("timestamp"), q.get("nonce"), q.get("msg_signature"));
  }

  // WxJava's crypto and XML parsing are CPU work, no I/O: run on the event loop, as the service
  // runs its own
  private void handle(HttpServerRequest req) {
    req.body()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                req.response().setStatusCode(400).end();
                return;
              }
              try {
                open(
                    ar.result().toString(StandardCharsets.UTF_8),
                    req.getParam("timestamp"),
                    req.getParam("nonce"),
                    req.getParam("msg_signature"));
                req.response().putHeader("content-type", "text/plain").end("success");
              } catch (RuntimeException e) {
                req.response().setStatusCode(400).end();
              }
            });
  }

  /**
   * Verifies, decrypts and parses one callback body; throws when the signature does not match or
   * the body is not a WeCom message.
   */
  WxCpXmlMessage open(String body, String timestamp, String nonce, String msgSignature) {
    return WxCpXmlMessage.fromEncryptedXml(body, config, timestamp, nonce, msgSignature);
  }
}
