package com.chatcrm.miniapp;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.customer.CustomerService;
import com.chatcrm.engine.customer.NewCustomer;
import com.chatcrm.engine.followup.FollowUpService;
import com.chatcrm.engine.followup.NewFollowUp;
import com.chatcrm.engine.opportunity.NewOpportunity;
import com.chatcrm.engine.opportunity.OpportunityService;
import com.chatcrm.engine.report.DailyChartService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The 日报 chart as a chat client fetches it: by a signed link, without a session. */
class DailyChartRouteTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final MiniAppConfig CONFIG =
      new MiniAppConfig(
          "test-session-key-0123456789abcdef-0123456789", Duration.ofMinutes(30), true);

  static OrgFixture org;
  static WebClient client;
  static DailyChartLinks links;
  static String base;
  static LocalDate today;

  @BeforeAll
  static void start() {
    org = OrgFixture.create(db.pool());
    client = WebClient.create(db.vertx());
    Router root = Router.router(db.vertx());
    new DailyChartRoute(
            db.vertx(),
            new DailyChartService(db.pool(), Clock.systemUTC()),
            CONFIG,
            Clock.systemUTC())
        .mount(root);
    int port = await(db.vertx().createHttpServer().requestHandler(root).listen(0)).actualPort();
    base = "http://127.0.0.1:" + port;
    links = new DailyChartLinks(base, CONFIG, Clock.systemUTC());
    today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    CustomerService customers = new CustomerService(db.pool());
    FollowUpService followUps = new FollowUpService(db.pool());
    long c = await(customers.create(org.a(org.rep1), NewCustomer.named("图表测试科技"))).id();
    Instant startOfToday = today.atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant();
    for (int i = 0; i < 3; i++) {
      await(
          followUps.log(
              org.a(org.rep1), NewFollowUp.on(c, "call", "第 " + i + " 次").at(startOfToday)));
    }
    long c2 = await(customers.create(org.a(org.rep2), NewCustomer.named("图表测试二号"))).id();
    await(
        followUps.log(
            org.a(org.rep2),
            NewFollowUp.on(c2, "visit", "昨天").at(startOfToday.minusSeconds(3600))));
    await(
        new OpportunityService(db.pool())
            .create(org.a(org.rep1), NewOpportunity.of(c, "年度框架", new BigDecimal("450000"))));
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  static HttpResponse<Buffer> get(String url) {
    return await(client.getAbs(url).send());
  }

  static void refused(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("content-type")).startsWith("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("code", "message", "details");
  }

  @Test
  @DisplayName(
      "a signed link answers a PNG of the chart: the funnel's bars and seven days of activity bars")
  void signedLinkGivesThePng() throws Exception {
    String url = links.dailyChartUrl(org.tenantA.id(), org.manager1, today);
    assertThat(url)
        .startsWith(
            base
                + "/charts/daily/"
                + org.tenantA.id()
                + "/"
                + org.manager1
                + "/"
                + today
                + ".png?exp=");
    HttpResponse<Buffer> r = get(url);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("content-type")).isEqualTo("image/png");
    assertThat(r.getHeader("cache-control")).startsWith("private, max-age=");
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.body().getBytes()));
    assertThat(png.getWidth()).isEqualTo(DailyChartPng.WIDTH);
    assertThat(png.getHeight()).isEqualTo(DailyChartPng.HEIGHT);
    // the activity panel: today's bar (3 follow-ups, the tallest) stands in the last of the seven
    // slots
    assertThat(coloured(png, 640, 752, 440, 589)).as("today's bar").isGreaterThan(2000);
    assertThat(coloured(png, 48, 150, 440, 589)).as("six days ago: nothing").isZero();
    // the funnel panel: the stage holding the 45万 opportunity is a full-width bar
    assertThat(coloured(png, 50, 450, 96, 360)).as("funnel bars").isGreaterThan(10_000);
    // fetched again by another chat client: the same picture
    assertThat(get(url).body().getBytes()).isEqualTo(r.body().getBytes());
  }

  /** Pixels of the chart's bar colours (blue, blue dominating) in a rectangle. */
  static int coloured(BufferedImage img, int x0, int x1, int y0, int y1) {
    int n = 0;
    for (int x = x0; x < x1; x++) {
      for (int y = y0; y < y1; y++) {
        int rgb = img.getRGB(x, y);
        int red = (rgb >> 16) & 0xff;
        int blue = rgb & 0xff;
        if (blue > 200 && red < 120) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  @DisplayName(
      "a tampered signature, or another manager's or tenant's ids under a valid one, is refused with 403")
  void tamperedLinksAreRefused() {
    String url = links.dailyChartUrl(org.tenantA.id(), org.manager1, today);
    char last = url.charAt(url.length() - 1);
    refused(
        get(url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0')),
        403,
        "chart_link_invalid");
    refused(
        get(url.replace("/" + org.manager1 + "/", "/" + org.manager2 + "/")),
        403,
        "chart_link_invalid");
    refused(
        get(url.replace("/daily/" + org.tenantA.id() + "/", "/daily/" + org.tenantB.id() + "/")),
        403,
        "chart_link_invalid");
    refused(
        get(url.replace(today + ".png", today.minusDays(1) + ".png")), 403, "chart_link_invalid");
    String exp = url.substring(url.indexOf("exp=") + 4, url.indexOf("&sig="));
    refused(
        get(url.replace("exp=" + exp, "exp=" + (Long.parseLong(exp) + 86_400))),
        403,
        "chart_link_invalid");
  }

  @Test
  @DisplayName("a link older than its week is refused with 403 chart_link_expired")
  void expiredLinkIsRefused() {
    Clock eightDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(8)), ZoneOffset.UTC);
    String url =
        new DailyChartLinks(base, CONFIG, eightDaysAgo)
            .dailyChartUrl(org.tenantA.id(), org.manager1, today);
    refused(get(url), 403, "chart_link_expired");
    Clock sixDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(6)), ZoneOffset.UTC);
    assertThat(
            get(new DailyChartLinks(base, CONFIG, sixDaysAgo)
                    .dailyChartUrl(org.tenantA.id(), org.manager1, today))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "signed for someone the tenant does not have, or who manages nobody: 403 forbidden, no picture")
  void onlyTheTenantsManagers() {
    refused(get(links.dailyChartUrl(org.tenantA.id(), org.outsider, today)), 403, "forbidden");
    refused(get(links.dailyChartUrl(org.tenantA.id(), 987_654_321L, today)), 403, "forbidden");
    refused(get(links.dailyChartUrl(org.tenantA.id(), org.rep1, today)), 403, "forbidden");
  }

  @Test
  @DisplayName("a malformed link is a 400: missing or doubled parameters, bad ids or dates")
  void malformedLinks() {
    String url = links.dailyChartUrl(org.tenantA.id(), org.manager1, today);
    String path = url.substring(base.length(), url.indexOf('?'));
    refused(get(base + path), 400, "invalid_input");
    refused(get(url.substring(0, url.indexOf("&sig="))), 400, "invalid_input");
    refused(get(url + "&sig=00"), 400, "invalid_input");
    refused(get(url.replace(today + ".png", "2026-13-45.png")), 400, "invalid_input");
    refused(get(url.replace(today + ".png", today + ".gif")), 400, "invalid_input");
    refused(
        get(url.replace("/daily/" + org.tenantA.id() + "/", "/daily/abc/")), 400, "invalid_input");
    refused(get(url.replace("&sig=", "&sig=zz").substring(0, url.length())), 400, "invalid_input");
  }

  @Test
  @DisplayName(
      "Chinese labels: Noto Sans CJK SC when installed; with no family that draws Chinese, SansSerif")
  void fontChoice() {
    assertThat(DailyChartPng.font(new String[] {"DejaVu Sans", "Noto Sans CJK SC"}))
        .isEqualTo("Noto Sans CJK SC");
    assertThat(DailyChartPng.font(new String[0])).isEqualTo(java.awt.Font.SANS_SERIF);
  }
}
