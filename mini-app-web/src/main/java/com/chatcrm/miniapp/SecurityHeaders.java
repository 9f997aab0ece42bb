package com.chatcrm.miniapp;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/**
 * What the browser is told to refuse on the mini-app's pages ({@code /m/}) and API ({@code /api}):
 * scripts from anywhere but us, being framed by another site, sniffing a type, and telling other
 * sites the page's URL (a 免登 code rides in it). Four fixed headers, set before the handlers run so
 * that error answers carry them too.
 */
public final class SecurityHeaders {

  /**
   * The pages load only their own bundle (the WeCom and DingTalk JS-SDKs are bundled by Vite, not
   * fetched from the platforms) and call only {@code /api}. Styles may be inline: Vue's static
   * templates, Vant and ECharts set style attributes, and a style cannot run code. Vant's icon font
   * is a data: URL with a fallback on //at.alicdn.com, which Chromium does fetch (seen in
   * MiniAppBrowserTest): allowed, in the page's own scheme. {@code frame-ancestors 'self'}:
   * DingTalk and WeCom open the mini-app as a top-level page in their webviews, never inside
   * another site's frame, so only our own origin may frame it.
   */
  static final String PAGE_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data: blob:; font-src 'self' data: at.alicdn.com; connect-src 'self'; "
          + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

  /** The API answers JSON only: nothing in it is to be rendered, run or framed. */
  static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** The headers of the pages. */
  public static Handler<RoutingContext> pages() {
    return headers(PAGE_POLICY, "SAMEORIGIN");
  }

  /**
   * The headers of the pages that draw a map from {@code tileUrl} (null: none): images from that
   * one origin are allowed besides our own, and nothing else changes.
   */
  public static Handler<RoutingContext> pages(String tileUrl) {
    return headers(pagePolicy(tileUrl), "SAMEORIGIN");
  }

  static String pagePolicy(String tileUrl) {
    if (tileUrl == null || tileUrl.isBlank()) {
      return PAGE_POLICY;
    }
    URI uri = URI.create(tileUrl.replaceAll("[{}]", ""));
    String origin =
        uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    return PAGE_POLICY.replace(
        "img-src 'self' data: blob:;", "img-src 'self' data: blob: " + origin + ";");
  }

  /** The headers of the API. */
  public static Handler<RoutingContext> api() {
    return headers(API_POLICY, "DENY");
  }

  private static Handler<RoutingContext> headers(String policy, String frameOptions) {
    return ctx -> {
      ctx.response()
          .headers()
          .set("content-security-policy", policy)
          // for webviews too old to know frame-ancestors
          .set("x-frame-options", frameOptions)
          .set("x-content-type-options", "nosniff")
          .set("referrer-policy", "no-referrer");
      ctx.next();
    };
  }
}
