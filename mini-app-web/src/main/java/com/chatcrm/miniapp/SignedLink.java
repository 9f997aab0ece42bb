package com.chatcrm.miniapp;

import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The links that are their own credential (a 日报 chart, an export): chat clients open them without
 * our session. One place signs them (HMAC over path, query and expiry) and checks them, answering a
 * malformed one 400, a tampered one 403 {@code *_link_invalid} and a stale one 403 {@code
 * *_link_expired}.
 */
final class SignedLink {

  /** How a route's refusals read: {@code chart} or {@code export}, and its Chinese words. */
  record Words(String kind, String malformed, String invalid, String expired) {}

  static final Words CHART =
      new Words("chart", "图表链接不完整或格式不对，请在小程序中打开报表", "图表链接无效，请在小程序中打开报表", "图表链接已过期，请在小程序中打开报表");
  static final Words EXPORT =
      new Words("export", "导出链接不完整或格式不对，请在聊天或小程序里重新导出", "导出链接无效，请在聊天或小程序里重新导出", "导出链接已过期，请重新导出");

  private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern EXP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern SIG =
      Pattern.compile("[0-9a-fA-F]{" + ChartSignature.HEX_LENGTH + "}");

  private final ChartSignature signature;
  private final Clock clock;
  private final Words words;

  SignedLink(ChartSignature signature, Clock clock, Words words) {
    this.signature = signature;
    this.clock = clock;
    this.words = words;
  }

  /** An id of a link's path, or null when it is not one. */
  static Long id(String text) {
    return text != null && ID.matcher(text).matches() ? Long.parseLong(text) : null;
  }

  /**
   * The query string a link to {@code path} carries: {@code query} (may be empty), then its expiry
   * and signature.
   */
  String query(String path, String query, Duration validFor) {
    long exp = clock.instant().plus(validFor).getEpochSecond();
    return (query.isEmpty() ? "" : query + "&")
        + "exp="
        + exp
        + "&sig="
        + signature.sign(signed(path, query), exp);
  }

  /** Answers 400 for a link whose path or filter is not one this service makes. */
  void malformed(RoutingContext ctx) {
    LinkRefusals.write(ctx, 400, "invalid_input", words.malformed());
  }

  /**
   * Whether the request's exp and sig sign {@code path} and {@code query} (the filter as the link
   * carries it) and are not past; when not, the refusal has been answered.
   */
  boolean verify(RoutingContext ctx, String path, String query) {
    List<String> exps = ctx.queryParam("exp");
    List<String> sigs = ctx.queryParam("sig");
    if (exps.size() != 1
        || !EXP.matcher(exps.get(0)).matches()
        || sigs.size() != 1
        || !SIG.matcher(sigs.get(0)).matches()) {
      malformed(ctx);
      return false;
    }
    long exp = Long.parseLong(exps.get(0));
    if (!signature.verify(signed(path, query), exp, sigs.get(0))) {
      LinkRefusals.write(ctx, 403, words.kind() + "_link_invalid", words.invalid());
      return false;
    }
    if (exp < clock.instant().getEpochSecond()) {
      LinkRefusals.write(ctx, 403, words.kind() + "_link_expired", words.expired());
      return false;
    }
    return true;
  }

  // a chart's links sign the path alone, as they did before exports had filters
  private static String signed(String path, String query) {
    return query.isEmpty() ? path : path + "|" + query;
  }
}
