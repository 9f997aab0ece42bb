package com.chatcrm.miniapp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.function.Function;

/**
 * Binds the contract's operations to the work a route group does for them: the work gets the {@link
 * Call}, and the JSON it produces is the reply; a failure goes on to {@link ApiErrors}.
 */
final class Operations {

  private final RouterBuilder builder;

  Operations(RouterBuilder builder) {
    this.builder = builder;
  }

  /**
   * A handler that needs a session: the reply is the JSON the work produces, with the given status.
   */
  void on(String operationId, int status, Function<Call, Future<?>> work) {
    builder.getRoute(operationId).addHandler(ctx -> run(ctx, status, work));
  }

  /** A handler of a public operation (the logins). */
  void open(String operationId, Function<Call, Future<?>> work) {
    builder.getRoute(operationId).addHandler(ctx -> run(ctx, 200, work));
  }

  private static void run(RoutingContext ctx, int status, Function<Call, Future<?>> work) {
    Future<?> result;
    try {
      Call call = new Call(ctx);
      call.refuseControlCharacters();
      result = work.apply(call);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result
        .onSuccess(
            body ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .end(((JsonObject) body).encode()))
        .onFailure(ctx::fail);
  }
}
