package com.chatcrm.miniapp;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The mini-app's pages (built by Vite into {@code webroot/} on the classpath) at {@code /m/}. The
 * pages route with the URL fragment, so every page is {@code /m/} itself and only assets are other
 * files. Assets carry content hashes and may be cached; {@code index.html} is revalidated every
 * time so a new build is picked up at once. Vert.x's StaticHandler reads the files off the event
 * loop.
 */
public final class MiniAppPages {

  /** Classpath folder of the built pages. */
  public static final String WEBROOT = "webroot";

  private final String mapTileUrl;

  /** The pages without a map: nothing but our own origin in their CSP. */
  public MiniAppPages() {
    this(null);
  }

  /**
   * @param mapTileUrl the 拜访 page's map tiles, whose origin the pages' CSP then allows images from;
   *     null for none
   */
  public MiniAppPages(String mapTileUrl) {
    this.mapTileUrl = mapTileUrl;
  }

  /** Mounts {@code /m} (redirect) and {@code /m/*} (files) on the given router. */
  public void mount(Router root) {
    // Vert.x matches "/m" and "/m/" alike: redirect only the bare one, so relative asset URLs
    // resolve.
    root.route("/m").handler(SecurityHeaders.pages(mapTileUrl));
    root.route("/m/*").handler(SecurityHeaders.pages(mapTileUrl));
    root.get("/m")
        .handler(
            ctx -> {
              if ("/m".equals(ctx.request().path())) {
                ctx.redirect("/m/");
              } else {
                ctx.next();
              }
            });
    root.route("/m/*")
        .handler(
            ctx -> {
              String path = ctx.normalizedPath();
              if (path.equals("/m/") || path.endsWith("/index.html")) {
                ctx.addHeadersEndHandler(
                    v -> ctx.response().headers().set("cache-control", "no-cache"));
              }
              ctx.next();
            });
    root.route("/m/*")
        .handler(
            StaticHandler.create(WEBROOT)
                .setIndexPage("index.html")
                .setDefaultContentEncoding("UTF-8"));
  }
}
