package com.chatcrm.miniapp;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.imports.CustomerImports;
import com.chatcrm.engine.imports.ImportKind;
import com.chatcrm.engine.input.ControlCharacters;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code POST /api/customer-imports?fileName=…&kind=customer|lead}: the file itself is the body
 * (.xlsx or .csv, at most {@link #MAX_BYTES}), customers (the default) or leads; answers the job in
 * preview (201), or the job this user already has for the same content and kind. Mounted ahead of
 * the contract's router, whose body limit is for JSON; reading and checking the file runs on a
 * worker.
 */
final class ImportUpload {

  static final int MAX_BYTES = 20 * 1024 * 1024;
  static final String PATH = "/api/customer-imports";

  private final Vertx vertx;
  private final CustomerImports imports;
  private final Sessions sessions;

  ImportUpload(Vertx vertx, Engine engine, Sessions sessions) {
    this.vertx = vertx;
    this.imports = engine.imports();
    this.sessions = sessions;
  }

  void mount(Router root) {
    root.post(PATH)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BYTES))
        .handler(sessions.handler())
        .handler(this::upload)
        .failureHandler(ImportUpload::failed);
  }

  private void upload(RoutingContext ctx) {
    List<String> names = ctx.queryParam("fileName");
    String name = names.size() == 1 ? names.get(0).strip() : "";
    if (name.isEmpty() || name.length() > 200 || ControlCharacters.found(name)) {
      ApiErrors.write(ctx, 400, "invalid_input", "请求不合法：「fileName」缺失或取值无效");
      return;
    }
    List<String> kinds = ctx.queryParam("kind");
    ImportKind kind = kinds.isEmpty() ? ImportKind.CUSTOMER : ImportKind.of(kinds.get(0));
    if (kind == null || kinds.size() > 1) {
      ApiErrors.write(ctx, 400, "invalid_input", "请求不合法：「kind」取值无效，应为 customer 或 lead");
      return;
    }
    ImportLayout layout = ImportLayout.of(kind);
    byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    if (bytes.length == 0) {
      ApiErrors.write(ctx, 400, "invalid_input", "没有收到文件，请重新选择文件上传");
      return;
    }
    Actor actor = Call.actorOf(ctx);
    vertx
        .executeBlocking(
            () -> new Read(sha256(bytes), CustomerImportFile.read(bytes, layout)), false)
        .compose(
            read ->
                imports.upload(
                    actor,
                    kind,
                    name,
                    read.hash(),
                    read.file().unknownColumns(),
                    read.file().rows()))
        .onSuccess(
            job ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .putHeader("cache-control", "no-store")
                    .end(ImportRoutes.job(job).encode()))
        .onFailure(ctx::fail);
  }

  private record Read(String hash, CustomerImportFile.Parsed file) {}

  private static void failed(RoutingContext ctx) {
    if (ctx.failure() == null && ctx.statusCode() == 413) {
      ApiErrors.write(
          ctx, 413, "file_too_large", "文件太大：最多 " + MAX_BYTES / 1024 / 1024 + " MB，请分成几个文件分别导入");
      return;
    }
    ApiErrors.handle(ctx);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
