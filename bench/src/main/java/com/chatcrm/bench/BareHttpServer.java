package com.chatcrm.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP ceiling: {@code BareHttpServer <port> <responseBytes> <contentType>} reads each POST's
 * body and answers 200 with a fixed body of the service's answer size — Vert.x on the same machine
 * with nothing behind it. One verticle per core, as the service's HTTP server is deployed.
 */
public final class BareHttpServer {

  private BareHttpServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Buffer answer = Buffer.buffer("x".repeat(Integer.parseInt(args[1])));
    String contentType = args.length > 2 ? args[2] : "text/plain";
    Vertx vertx = Vertx.vertx();
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < loops; i++) {
      vertx
          .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
          .requestHandler(
              req ->
                  req.body()
                      .onComplete(
                          ar -> {
                            if (ar.succeeded()) {
                              req.response()
                                  .setStatusCode(200)
                                  .putHeader("content-type", contentType)
                                  .end(answer);
                            } else {
                              req.response().setStatusCode(400).end();
                            }
                          }))
          .listen()
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
    System.out.println("bare HTTP server listening on 127.0.0.1:" + port);
  }
}
