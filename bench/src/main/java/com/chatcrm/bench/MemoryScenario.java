package com.chatcrm.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 7. Memory: a node's resident size and heap idle (after start and a GC) and while it
 * takes scenario 1's 500 req/s of WeCom callbacks, sampled twice a second; heap from the node's own
 * /metrics (what an operator sees), resident size from /proc.
 */
public final class MemoryScenario implements Scenario {

  private static final long HEAP_LIMIT = 512L * 1024 * 1024;

  @Override
  public String id() {
    return "memory";
  }

  @Override
  public String title() {
    return "7. Memory (idle and under scenario 1's load)";
  }

  @Override
  public ScenarioResult run(BenchRun run) throws Exception {
    ScenarioResult result = ScenarioResult.of(this);
    double seconds = run.scaled(60, 15);
    try (CallbackLoad load =
        CallbackLoad.start(run, CallbackLoad.Platform.WECOM, "crm_bench_memory", "memory-server")) {
      ServerProcess server = load.server();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();
      Thread.sleep(run.scaled(10_000, 3_000));
      gc(server);
      Heap idle = Heap.of(server);
      long idleRss = server.process().residentBytes();
      // as in scenario 1: the load is measured on a node past its first, interpreted seconds
      load.phase("memory-warmup", 200, run.scaled(15, 6));

      CallbackLoad.Phase phase =
          load.begin(
              "memory-load-" + CallbackBenchmark.FIXED_RATE,
              server.port(),
              CallbackBenchmark.FIXED_RATE,
              seconds);
      long rssPeak = 0;
      Heap peak = new Heap(0, 0);
      int samples = 0;
      while (phase.running()) {
        rssPeak = Math.max(rssPeak, server.process().residentBytes());
        peak = peak.max(Heap.of(server));
        samples++;
        Thread.sleep(500);
      }
      LoadResult loaded = phase.await();
      double drain = load.drain(Duration.ofSeconds(30));
      rssPeak = Math.max(rssPeak, server.process().residentBytes());
      boolean healthy = server.process().alive() && status(http, server, "/health") == 200;
      gc(server);
      Heap after = Heap.of(server);

      result
          .info("resident size idle", BenchFormat.mib(idleRss))
          .info("heap used idle (after GC)", BenchFormat.mib(idle.used()))
          .info("resident size peak at 500 req/s", BenchFormat.mib(rssPeak))
          .target(
              "heap used peak at 500 req/s",
              BenchFormat.mib(peak.used())
                  + " (committed "
                  + BenchFormat.mib(peak.committed())
                  + ")",
              "≤ 512 MB",
              peak.used() <= HEAP_LIMIT && healthy)
          .info("heap used after the load (after GC)", BenchFormat.mib(after.used()))
          .info(
              "healthy under load",
              (healthy
                      ? "yes: alive, /health 200 after; "
                      : "NO: alive " + server.process().alive() + "; ")
                  + BenchFormat.count(loaded.ok())
                  + " callbacks answered 2xx, "
                  + loaded.failures()
                  + " failed")
          .info("ack latency meanwhile", loaded.latencies().summary())
          .info(
              "inbox drained",
              drain < 0
                  ? "stopped shrinking for 30 s"
                  : BenchFormat.seconds(drain) + " after the load");
      if (load.autovacuum() != null) {
        result.info("autovacuum", load.autovacuum());
      }
      result.note(
          "The node runs as operators run it ("
              + ServerProcess.HEAP
              + ", G1, dev profile with the sandbox"
              + " and its demo data); idle is measured "
              + (run.quick() ? "3" : "10")
              + " s after start and a `jcmd"
              + " GC.run`. Under load: "
              + BenchFormat.seconds(seconds)
              + " of scenario 1's 500 req/s, "
              + samples
              + " samples of /proc VmRSS and of `jvm_memory_used_bytes{area=\"heap\"}` (summed over the pools, so the"
              + " peak includes young garbage not yet collected); \"after GC\" is after another `jcmd GC.run`.");
    }
    return result;
  }

  private static void gc(ServerProcess server) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.process().pid()),
                "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    Thread.sleep(1000);
  }

  private static int status(HttpClient http, ServerProcess server, String path) {
    try {
      return http.sendAsync(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .get(10, TimeUnit.SECONDS)
          .statusCode();
    } catch (Exception e) {
      return 0;
    }
  }

  /** Heap used and committed, summed over the heap's pools. */
  private record Heap(long used, long committed) {

    static Heap of(ServerProcess server) {
      ServerMetrics m = ServerMetrics.scrape(server);
      return new Heap(
          (long) m.sum("jvm_memory_used_bytes", "area=\"heap\""),
          (long) m.sum("jvm_memory_committed_bytes", "area=\"heap\""));
    }

    Heap max(Heap o) {
      return new Heap(Math.max(used, o.used), Math.max(committed, o.committed));
    }
  }
}
