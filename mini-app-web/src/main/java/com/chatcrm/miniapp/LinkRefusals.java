package com.chatcrm.miniapp;

import io.vertx.ext.web.RoutingContext;

/**
 * A refused download link, answered the way it was opened: a link tapped in a chat card opens in
 * the phone's browser, which gets a short page in Chinese saying what to do; a script (or the
 * mini-app itself) gets the JSON error every API answers with the same code.
 */
final class LinkRefusals {

  private LinkRefusals() {}

  static void write(RoutingContext ctx, int status, String code, String message) {
    if (!opensAPage(ctx)) {
      ApiErrors.write(ctx, status, code, message);
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "text/html; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .end(page(message, code));
  }

  /** A browser navigating asks for HTML first; fetch() and HTTP clients do not. */
  static boolean opensAPage(RoutingContext ctx) {
    String accept = ctx.request().getHeader("accept");
    return accept != null && accept.contains("text/html");
  }

  static String page(String message, String code) {
    return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>链接无法打开</title></head>"
        + "<body style=\"font-family:sans-serif;margin:3em 1.5em;color:#1f2329\">"
        + "<h2 style=\"font-size:1.2em\">链接无法打开</h2>"
        + "<p id=\"message\">"
        + escape(message)
        + "</p>"
        + "<p style=\"color:#8f959e;font-size:.8em\">错误代码："
        + escape(code)
        + "</p></body></html>";
  }

  // four characters are all HTML text needs; no HTML library is on this module's classpath
  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
