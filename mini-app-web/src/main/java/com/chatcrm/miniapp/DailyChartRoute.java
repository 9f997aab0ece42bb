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
  private static final Pattern FILE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}\\.png");

  /** What one chart shows, and so what a drawn chart is cached under. */
  private record ChartKey(long tenantId, long managerId, LocalDate day) {}

  private final Vertx vertx;
  private final DailyChartService charts;
  private final SignedLink link;
  private final WorkerExecutor painters;
  private final Cache<ChartKey, byte[]> drawn;

  public DailyChartRoute(Vertx vertx, DailyChartService charts, MiniAppConfig config, Clock clock) {
    this.vertx = vertx;
    this.charts = charts;
    this.link = new SignedLink(new ChartSignature(config), clock, SignedLink.CHART);
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
    Long tenant = SignedLink.id(ctx.pathParam("tenantId"));
    Long manager = SignedLink.id(ctx.pathParam("managerId"));
    String file = ctx.pathParam("file");
    LocalDate day = null;
    try {
      day = FILE.matcher(file).matches() ? LocalDate.parse(file.substring(0, 10)) : null;
    } catch (DateTimeParseException e) {
      // answered as malformed below
    }
    if (tenant == null || manager == null || day == null) {
      link.malformed(ctx);
      return;
    }
    ChartKey key = new ChartKey(tenant, manager, day);
    if (!link.verify(ctx, path(tenant, manager, day), "")) {
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
