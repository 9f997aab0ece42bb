package com.chatcrm.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a callback request carries, checked before anything is looked up, decrypted or logged: the
 * corp id of the path, the required query parameters, a body that is UTF-8. Failures are {@link
 * CallbackRejected} with fixed messages, so nothing of the request (or of a library's exception) is
 * echoed or logged.
 */
public final class CallbackInput {

  /**
   * WeCom corp ids ({@code ww…}), DingTalk corp ids ({@code ding…}) and app keys: letters, digits,
   * _ and -.
   */
  private static final Pattern CORP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private CallbackInput() {}

  /**
   * Refuses requests under {@code pathPrefix} whose query string cannot be decoded (a broken
   * %-escape) with a 400, before any route with path parameters decodes it: Vert.x would fail those
   * while matching, with an ERROR and a stack trace in the log for each hostile request.
   */
  public static void guardQuery(Router router, String pathPrefix) {
    router
        .route(pathPrefix + "*")
        .handler(
            ctx -> {
              try {
                ctx.request().params();
              } catch (RuntimeException e) {
                ctx.response()
                    .setStatusCode(400)
                    .putHeader("content-type", "application/json")
                    .end(
                        new JsonObject()
                            .put("code", "malformed_query")
                            .put("message", "the query string cannot be decoded")
                            .encode());
                return;
              }
              ctx.next();
            });
  }

  /**
   * Whether the value can be a corp id at all; anything else is refused before the database sees
   * it.
   */
  public static boolean plausibleCorpId(String corpId) {
    return corpId != null && CORP_ID.matcher(corpId).matches();
  }

  /**
   * A query parameter, decoded; a query string that cannot be decoded (a broken %-escape) is
   * refused as a whole rather than failing the request with a 500.
   */
  public static String query(RoutingContext ctx, String name) {
    try {
      return ctx.request().getParam(name);
    } catch (RuntimeException e) {
      throw new CallbackRejected("malformed_query", "the query string cannot be decoded");
    }
  }

  /** The parameter's value, which must be present and not empty. */
  public static String required(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new CallbackRejected("missing_parameter", name + " is required");
    }
    return value;
  }

  /**
   * The body decoded strictly: bytes that are not UTF-8 are refused rather than turned into U+FFFD.
   */
  public static String utf8(Buffer body) {
    if (body == null || body.length() == 0) {
      return "";
    }
    byte[] bytes = body.getBytes();
    return utf8(bytes, 0, bytes.length, "the body is not UTF-8");
  }

  /** Bytes decoded strictly, or refused as a malformed body saying {@code refusal}. */
  public static String utf8(byte[] bytes, int offset, int length, String refusal) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CallbackRejected("malformed_body", refusal);
    }
  }
}
