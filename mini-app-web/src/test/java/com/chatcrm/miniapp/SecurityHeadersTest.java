package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21 defect 7: the mini-app's pages and API tell the browser what to refuse — a
 * Content-Security-Policy, X-Frame-Options, nosniff and no referrer — on every answer, errors
 * included.
 */
class SecurityHeadersTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static ApiHarness api;

  @BeforeAll
  static void start() {
    api = new ApiHarness(db);
  }

  private static HttpResponse<Buffer> get(String path) {
    return await(api.client.request(HttpMethod.GET, api.port, "127.0.0.1", path).send());
  }

  private static void common(HttpResponse<Buffer> r) {
    assertThat(r.getHeader("x-content-type-options")).isEqualTo("nosniff");
    assertThat(r.getHeader("referrer-policy")).isEqualTo("no-referrer");
  }

  @Test
  @DisplayName("the pages: only our own scripts and API, framed by nobody but us")
  void pages() {
    for (String path : new String[] {"/m/", "/m/index.html", "/m/no-such-asset.js"}) {
      HttpResponse<Buffer> r = get(path);
      String csp = r.getHeader("content-security-policy");
      assertThat(csp)
          .as(path)
          .contains(
              "script-src 'self'",
              "connect-src 'self'",
              "object-src 'none'",
              "frame-ancestors 'self'")
          .doesNotContain("unsafe-eval")
          .doesNotContainPattern("script-src[^;]*unsafe-inline");
      assertThat(r.getHeader("x-frame-options")).as(path).isEqualTo("SAMEORIGIN");
      common(r);
    }
    assertThat(get("/m/").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("the API: nothing to render or frame, on answers and refusals alike")
  void api() {
    for (String path :
        new String[] {"/api/me", "/api/customers/1e3", "/api/no-such-thing", "/api/openapi.yaml"}) {
      HttpResponse<Buffer> r = get(path);
      assertThat(r.getHeader("content-security-policy"))
          .as(path)
          .isEqualTo("default-src 'none'; frame-ancestors 'none'");
      assertThat(r.getHeader("x-frame-options")).as(path).isEqualTo("DENY");
      common(r);
    }
  }

  @Test
  @DisplayName(
      "a configured map tile source adds only its origin to the pages' images; none configured adds nothing")
  void mapTiles() {
    assertThat(SecurityHeaders.pagePolicy(null)).isEqualTo(SecurityHeaders.PAGE_POLICY);
    assertThat(get("/m/").getHeader("content-security-policy"))
        .isEqualTo(SecurityHeaders.PAGE_POLICY);
    String withTiles =
        SecurityHeaders.pagePolicy("https://tiles.example.com:8443/osm/{z}/{x}/{y}.png");
    assertThat(withTiles)
        .contains("img-src 'self' data: blob: https://tiles.example.com:8443;")
        .contains("script-src 'self';", "connect-src 'self';", "default-src 'self';");
    assertThat(withTiles.replace(" https://tiles.example.com:8443", ""))
        .isEqualTo(SecurityHeaders.PAGE_POLICY);
  }
}
