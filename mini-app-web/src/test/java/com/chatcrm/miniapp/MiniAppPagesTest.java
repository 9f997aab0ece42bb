package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The built pages are served at /m/ (skipped when the build ran without npm). */
class MiniAppPagesTest {

  static Vertx vertx;
  static WebClient client;
  static int port;

  @BeforeAll
  static void start() {
    assumeTrue(
        MiniAppPagesTest.class.getClassLoader().getResource("webroot/index.html") != null,
        "the pages were not built (npm absent)");
    vertx = Vertx.vertx();
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    Router root = Router.router(vertx);
    new MiniAppPages().mount(root);
    port = await(vertx.createHttpServer().requestHandler(root).listen(0)).actualPort();
  }

  @AfterAll
  static void stop() {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @Test
  @DisplayName(
      "/m redirects to /m/, which is the Chinese mobile page, never cached; its assets load")
  void pagesAndAssets() {
    HttpResponse<Buffer> redirect = await(client.get(port, "127.0.0.1", "/m").send());
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.getHeader("location")).isEqualTo("/m/");

    HttpResponse<Buffer> index = await(client.get(port, "127.0.0.1", "/m/").send());
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.getHeader("content-type")).startsWith("text/html");
    assertThat(index.getHeader("cache-control")).isEqualTo("no-cache");
    String html = index.bodyAsString();
    assertThat(html)
        .contains("lang=\"zh-CN\"")
        .contains("width=device-width")
        .contains("<div id=\"app\">");

    Matcher script = Pattern.compile("src=\"(/m/assets/[^\"]+\\.js)\"").matcher(html);
    assertThat(script.find()).isTrue();
    HttpResponse<Buffer> js = await(client.get(port, "127.0.0.1", script.group(1)).send());
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.getHeader("content-type")).contains("javascript");
    assertThat(await(client.get(port, "127.0.0.1", "/m/assets/nope.js").send()).statusCode())
        .isEqualTo(404);
  }
}
