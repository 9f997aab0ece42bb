package com.chatcrm.miniapp;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.report.DailyChartService;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Serves the 日报 chart PNG at {@code GET
 * /charts/daily/{tenantId}/{managerId}/{yyyy-MM-dd}.png?exp=&sig=}. Chat clients load it without a
 * session, so the link itself is the credential: signed by {@link DailyChartLinks}, refused with
 * 403 once tampered with or expired, 400 when malformed. Drawing happens on a small worker pool,
 * and a drawn chart is kept for a few minutes because a report is opened by several clients.
 */
public final class DailyChartRoute {

  static final String PREFIX = "/charts/daily/";
  static final Duration CACHED_FOR = Duration.ofMinutes(5);
  private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern FILE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}\\.png");
  private static final Pattern EXP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern SIG =
      Pattern.compile("[0-9a-fA-F]{" + ChartSignature.HEX_LENGTH + "}");

  /** What one chart shows, and so what a drawn chart is cached under. */
  private record ChartKey(long tenantId, long managerId, LocalDate day) {}

  private final Vertx vertx;
  private final DailyChartService charts;
  private final ChartSignature signature;
  private final Clock clock;
  private final WorkerExecutor painters;
  private final Cache<ChartKey, byte[]> drawn;

  public DailyChartRoute(Vertx vertx, DailyChartService charts, MiniAppConfig config, Clock clock) {
    this.vertx = vertx;
    this.charts = charts;
    this.signature = new ChartSignature(config);
    this.clock = clock;
    // two threads at most: a burst of reports at 18:30 must not take every worker the service has
    this.painters = vertx.createSharedWorkerExecutor("chart-render", 2);
    this.drawn = Caffeine.newBuilder().expireAfterWrite(CACHED_FOR).maximumSize(500).build();
  }

  /** The path a chart is served at, without host and query: what the signature covers. */
  static String path(long tenantId, long managerId, LocalDate day) {
    return PREFIX + tenantId + "/" + managerId + "/" + day + ".png";
  }

  /** Mounts the chart route, with its own error answers, on the given router. */
  public void mount(Router root) {
    root.get(PREFIX + ":tenantId/:managerId/:file")
        .handler(this::serve)
        .failureHandler(ApiErrors::handle);
  }

  private void serve(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenantId");
    String manager = ctx.pathParam("managerId");
    String file = ctx.pathParam("file");
    List<String> exps = ctx.queryParam("exp");
    List<String> sigs = ctx.queryParam("sig");
    if (!ID.matcher(tenant).matches()
        || !ID.matcher(manager).matches()
        || !FILE.matcher(file).matches()
        || exps.size() != 1
        || !EXP.matcher(exps.get(0)).matches()
        || sigs.size() != 1
        || !SIG.matcher(sigs.get(0)).matches()) {
      ApiErrors.write(ctx, 400, "invalid_input", "图表链接不完整或格式不对");
      return;
    }
    ChartKey key;
    try {
      key =
          new ChartKey(
              Long.parseLong(tenant),
              Long.parseLong(manager),
              LocalDate.parse(file.substring(0, 10)));
    } catch (DateTimeParseException e) {
      ApiErrors.write(ctx, 400, "invalid_input", "图表链接不完整或格式不对");
      return;
    }
    long exp = Long.parseLong(exps.get(0));
    if (!signature.verify(path(key.tenantId(), key.managerId(), key.day()), exp, sigs.get(0))) {
      ApiErrors.write(ctx, 403, "chart_link_invalid", "图表链接无效");
      return;
    }
    if (exp < clock.instant().getEpochSecond()) {
      ApiErrors.write(ctx, 403, "chart_link_expired", "图表链接已过期，请在小程序中打开报表");
      return;
    }
    byte[] cached = drawn.getIfPresent(key);
    (cached != null
            ? Future.succeededFuture(cached)
            : draw(key).onSuccess(png -> drawn.put(key, png)))
        .onSuccess(
            png ->
                ctx.response()
                    .putHeader("content-type", "image/png")
                    .putHeader("cache-control", "private, max-age=" + CACHED_FOR.toSeconds())
                    .putHeader("x-content-type-options", "nosniff")
                    .end(Buffer.buffer(png)))
        .onFailure(ctx::fail);
  }

  private Future<byte[]> draw(ChartKey key) {
    Actor manager = Actor.user(key.tenantId(), key.managerId(), Source.miniApp("daily-chart"));
    return charts
        .forManager(manager, key.day())
        .compose(chart -> painters.executeBlocking(() -> DailyChartPng.render(chart), false));
  }
}
