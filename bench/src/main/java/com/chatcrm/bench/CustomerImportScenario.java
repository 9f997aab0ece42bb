package com.chatcrm.bench;

import com.chatcrm.engine.Engine;
import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.db.DatabaseLocation;
import com.chatcrm.engine.db.Migrations;
import com.chatcrm.engine.imports.CustomerImportVerticle;
import com.chatcrm.engine.org.OrgService;
import com.chatcrm.engine.org.OrgUser;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.miniapp.MiniAppApi;
import com.chatcrm.miniapp.MiniAppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Scenario 8. 导入客户 of a 100,000-row workbook (10,000 in a quick run) the way a user does it, over
 * HTTP against the mini-app's API in this JVM on a fresh database: upload (read, checked against
 * the customers and stored as the preview), 开始导入, the background worker writing 500 rows per
 * transaction until done, and the result workbook. Rows per second for each step, and the JVM's
 * peak heap while it runs, sampled every 10 ms.
 */
public final class CustomerImportScenario implements Scenario {

  private static final String SESSION_KEY = "bench-import-session-key-0123456789abcdef";

  @Override
  public String id() {
    return "customer-import";
  }

  @Override
  public String title() {
    return "8. Customer import (导入客户) of 100,000 rows";
  }

  @Override
  public ScenarioResult run(BenchRun run) throws Exception {
    int rows = run.scaled(100_000, 10_000);
    DatabaseLocation db = run.database().fresh("crm_bench_import");
    Migrations.migrate(db);
    Vertx vertx = Vertx.vertx();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(8))
            .connectingTo(db.connectOptions())
            .using(vertx)
            .build();
    try {
      Engine engine = Engine.on(pool, Clock.systemUTC());
      Tenant tenant = await(engine.tenants().register("wecom", "ww-bench-import", "导入测试公司", null));
      Actor system = Actor.system(tenant.id(), "bench");
      OrgService org = engine.org();
      await(org.upsertDepartment(system, "hq", "总部", null));
      await(org.upsertUser(system, OrgUser.admin("importer", "导入员", "hq")));
      // 私海上限 不限: one importer owns every row (the default 200 would refuse the rest)
      await(
          pool.query("UPDATE pool_rule SET max_private = NULL WHERE tenant_id = " + tenant.id())
              .execute());
      Router root = Router.router(vertx);
      await(
              MiniAppApi.create(
                  vertx,
                  engine,
                  new MiniAppConfig(SESSION_KEY, Duration.ofHours(1), true),
                  Map.of(),
                  null))
          .mount(root);
      int port = await(vertx.createHttpServer().requestHandler(root).listen(0)).actualPort();
      await(
          vertx.deployVerticle(
              new CustomerImportVerticle(pool, null, CustomerImportVerticle.Settings.defaults())));
      String base = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newHttpClient();
      String token = login(http, base, tenant.corpId());

      byte[] file = workbook(rows);
      int inFile = rows / 100;
      int bad = rows / 1_000;
      System.out.printf(
          "bench:   workbook of %d rows, %s (%d repeated in the file, %d bad)%n",
          rows, BenchFormat.mib(file.length), inFile, bad);

      HeapPeak heap = new HeapPeak();
      long t0 = System.nanoTime();
      JsonObject job =
          json(
              http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              base
                                  + "/api/customer-imports?fileName="
                                  + URLEncoder.encode("客户.xlsx", StandardCharsets.UTF_8)))
                      .header("authorization", "Bearer " + token)
                      .header("content-type", "application/octet-stream")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                      .build(),
                  HttpResponse.BodyHandlers.ofString()),
              201);
      double previewSeconds = (System.nanoTime() - t0) / 1e9;
      long previewHeap = heap.stop();
      long id = job.getLong("id");
      System.out.printf(
          "bench:   upload + preview in %.1f s: %s%n",
          previewSeconds, job.getJsonObject("preview"));

      heap = new HeapPeak();
      t0 = System.nanoTime();
      json(post(http, base + "/api/customer-imports/" + id + "/start", token), 200);
      JsonObject done;
      long lastReport = System.nanoTime();
      do {
        Thread.sleep(200);
        done = json(get(http, base + "/api/customer-imports/" + id, token), 200);
        if (System.nanoTime() - lastReport > 10_000_000_000L) {
          System.out.printf(
              "bench:     %d / %d rows written%n", done.getInteger("processed"), rows);
          lastReport = System.nanoTime();
        }
      } while (!"done".equals(done.getString("status")));
      double importSeconds = (System.nanoTime() - t0) / 1e9;
      long importHeap = heap.stop();

      t0 = System.nanoTime();
      String url =
          json(post(http, base + "/api/customer-imports/" + id + "/result-link", token), 200)
              .getString("url");
      HttpResponse<byte[]> result =
          http.send(
              HttpRequest.newBuilder(URI.create(base + url)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      double resultSeconds = (System.nanoTime() - t0) / 1e9;
      long customers =
          await(pool.query("SELECT count(*) FROM customer").execute()).iterator().next().getLong(0);
      int expected = rows - inFile - bad;
      run.saveRaw("customer-import.json", new JsonObject().put("preview", job).put("done", done));

      ScenarioResult r = ScenarioResult.of(this);
      r.info("rows", BenchFormat.count(rows) + " (" + BenchFormat.mib(file.length) + " .xlsx)")
          .info(
              "upload + preview (read, 查重, stored)",
              BenchFormat.seconds(previewSeconds)
                  + " — "
                  + BenchFormat.rate(rows / previewSeconds, "rows/s"))
          .info(
              "import in the background (500 rows per transaction)",
              BenchFormat.seconds(importSeconds)
                  + " — "
                  + BenchFormat.rate(rows / importSeconds, "rows/s"))
          .info(
              "result workbook download",
              BenchFormat.seconds(resultSeconds) + ", " + BenchFormat.mib(result.body().length))
          .info("peak heap during upload + preview", BenchFormat.mib(previewHeap))
          .info("peak heap during the import", BenchFormat.mib(importHeap))
          .target(
              "customers created / expected (each once)",
              BenchFormat.count(customers) + " / " + BenchFormat.count(expected),
              "equal",
              customers == expected && done.getInteger("created") == expected);
      r.note(
          "One JVM (the bench's, `-Xmx2g`) runs the mini-app API, the import worker and the HTTP"
              + " client; heap is `MemoryMXBean` used heap sampled every 10 ms after a GC, so it"
              + " includes the client's copy of the file. The workbook has a customer, its level,"
              + " phone, address, tags and one contact per row; 1% of rows repeat an earlier row, 0.1%"
              + " have a bad phone. The company's 私海上限 is off (one importer owns every row). Fresh database `crm_bench_import`; the shared machine was busy"
              + " with other builds, so the rates are indicative.");
      return r;
    } finally {
      await(pool.close());
      await(vertx.close());
    }
  }

  static byte[] workbook(int rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Workbook wb = new Workbook(out, "bench", "1.0");
    Worksheet ws = wb.newWorksheet("客户");
    String[] header = {"客户名称*", "级别", "行业", "地区", "电话", "地址", "标签", "联系人", "联系人电话", "联系人职务"};
    for (int c = 0; c < header.length; c++) {
      ws.value(0, c, header[c]);
    }
    String[] levels = {"潜在", "意向", "成交"};
    for (int i = 1; i <= rows; i++) {
      // every 100th row repeats the previous one (查重 in the file); every 1,000th has a bad phone
      int n = i % 100 == 0 ? i - 1 : i;
      String[] cells = {
        "导入压测" + n + "号科技有限公司",
        levels[n % 3],
        "软件",
        "上海",
        i % 1_000 == 1 ? "待定" : "021-" + (50_000_000 + n),
        "上海市浦东新区张江路 " + n + " 号",
        "导入，压测",
        "联系人" + n,
        "13" + (900_000_000L + n),
        "采购经理"
      };
      for (int c = 0; c < cells.length; c++) {
        ws.value(i, c, cells[c]);
      }
      if (i % 10_000 == 0) {
        ws.flush();
      }
    }
    wb.finish();
    return out.toByteArray();
  }

  private static String login(HttpClient http, String base, String corpId) throws Exception {
    return json(
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/dev-login"))
                    .header("content-type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            new JsonObject()
                                .put("corpId", corpId)
                                .put("userId", "importer")
                                .encode()))
                    .build(),
                HttpResponse.BodyHandlers.ofString()),
            200)
        .getString("token");
  }

  private static HttpResponse<String> post(HttpClient http, String url, String token)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(HttpClient http, String url, String token)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  /** The highest used heap seen from its start, sampled every 10 ms on a thread of its own. */
  private static final class HeapPeak {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;

    HeapPeak() {
      System.gc();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      sampler =
          new Thread(
              () -> {
                while (running.get()) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-peak");
      sampler.setDaemon(true);
      sampler.start();
    }

    long stop() throws InterruptedException {
      running.set(false);
      sampler.join();
      return peak.get();
    }
  }
}
