package com.chatcrm.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Open-model load in its own JVM: {@code --rate} requests per second for {@code --seconds}, each
 * sent at its scheduled time whether or not earlier ones were answered, and each latency measured
 * from that scheduled (intended) time — so a server that stalls is charged for the requests that
 * queued behind the stall (coordinated omission). Writes a {@link LoadResult} as JSON to {@code
 * --out}.
 *
 * <pre>
 * LoadGenerator --platform wecom|dingtalk --port 8080 --targets targets.tsv --rate 500 --seconds 30 --out r.json
 *               [--host 127.0.0.1] [--server-base http://127.0.0.1:8080] [--connections 256] [--timeout-ms 5000]
 *               [--warmup-seconds 2] [--self-warmup-seconds 8]
 * </pre>
 *
 * The warm-up runs at the same rate right before the measured seconds and is not counted: this
 * JVM's own HTTP path is cold at start, and its first second would otherwise be charged to the
 * server. Before either, this JVM runs the same schedule against a sink of its own for {@code
 * --self-warmup-seconds} (see {@link #warmOwnHttpPath}). {@code --port} may name a bare server: the
 * requests are the same, only who answers differs; a comma-separated list of ports (several nodes
 * of the service) gets the requests in turn.
 */
public final class LoadGenerator {

  private LoadGenerator() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = options(argv, "platform", "port", "targets", "rate", "seconds", "out");
    String host = a.getOrDefault("host", "127.0.0.1");
    List<Integer> ports =
        Arrays.stream(a.get("port").split(",")).map(String::trim).map(Integer::valueOf).toList();
    int port = ports.get(0);
    int rate = Integer.parseInt(a.get("rate"));
    double seconds = Double.parseDouble(a.get("seconds"));
    int connections = Integer.parseInt(a.getOrDefault("connections", "256"));
    long timeoutMs = Long.parseLong(a.getOrDefault("timeout-ms", "5000"));
    double warmup = Double.parseDouble(a.getOrDefault("warmup-seconds", "0"));
    Vertx vertx = Vertx.vertx();
    try {
      Supplier<CallbackRequests.Request> requests = requests(a, vertx, host, port);
      double selfWarmup = Double.parseDouble(a.getOrDefault("self-warmup-seconds", "8"));
      if (selfWarmup > 0) {
        warmOwnHttpPath(vertx, requests, rate, selfWarmup, connections, timeoutMs);
      }
      List<HttpClientAgent> clients =
          ports.stream().map(p -> client(vertx, host, p, connections)).toList();
      JsonObject result =
          new Run(
                  vertx,
                  clients,
                  requests,
                  rate,
                  (long) (rate * warmup),
                  (long) (rate * seconds),
                  timeoutMs)
              .start()
              .toCompletionStage()
              .toCompletableFuture()
              .get((long) (warmup + seconds) + timeoutMs / 1000 + 60, TimeUnit.SECONDS);
      Files.writeString(Path.of(a.get("out")), result.encodePrettily(), StandardCharsets.UTF_8);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The callbacks of {@code --platform} about {@code --targets}, their signing and encryption
   * JIT-compiled before the clock starts, not during the first second.
   */
  static Supplier<CallbackRequests.Request> requests(
      Map<String, String> a, Vertx vertx, String host, int port) throws java.io.IOException {
    Supplier<CallbackRequests.Request> requests =
        CallbackRequests.of(
            a.get("platform"),
            vertx,
            CallbackRequests.Target.read(Path.of(a.get("targets"))),
            a.getOrDefault("server-base", "http://" + host + ":" + port));
    for (int i = 0; i < 3000; i++) {
      requests.get();
    }
    return requests;
  }

  /** Posts one callback; answers its HTTP status once the whole answer has arrived. */
  static Future<Integer> post(HttpClientAgent client, CallbackRequests.Request r, long timeoutMs) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setURI(r.uri())
            .setTimeout(timeoutMs)
            .putHeader("content-type", r.contentType());
    if (r.timestamp() != null) {
      options.putHeader("timestamp", r.timestamp()).putHeader("sign", r.sign());
    }
    return client
        .request(options)
        .compose(req -> req.send(r.body()))
        .compose(resp -> resp.body().map(b -> resp.statusCode()));
  }

  static HttpClientAgent client(Vertx vertx, String host, int port, int connections) {
    return vertx.createHttpClient(
        new HttpClientOptions()
            .setDefaultHost(host)
            .setDefaultPort(port)
            .setKeepAlive(true)
            .setPipelining(false),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /**
   * The same schedule against a sink in this JVM, before the measured phase: a cold JVM on a 2-core
   * machine sent its first seconds late, and an open-model clock charges that lateness to the
   * server. The server's own warm-up is the caller's.
   */
  private static void warmOwnHttpPath(
      Vertx vertx,
      Supplier<CallbackRequests.Request> requests,
      int rate,
      double seconds,
      int connections,
      long timeoutMs)
      throws Exception {
    io.vertx.core.http.HttpServer sink =
        vertx
            .createHttpServer()
            .requestHandler(req -> req.body().onComplete(b -> req.response().end("ok")))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    HttpClientAgent client = client(vertx, "127.0.0.1", sink.actualPort(), connections);
    try {
      new Run(vertx, List.of(client), requests, rate, (long) (rate * seconds), 1, timeoutMs)
          .start()
          .toCompletionStage()
          .toCompletableFuture()
          .get((long) seconds + timeoutMs / 1000 + 60, TimeUnit.SECONDS);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      sink.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** {@code --name value} pairs; fails when one of {@code required} is missing. */
  static Map<String, String> options(String[] argv, String... required) {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      }
      a.put(argv[i].substring(2), argv[i + 1]);
    }
    for (String name : required) {
      if (!a.containsKey(name)) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
    }
    return a;
  }

  /**
   * One phase: the schedule, the outcomes, the histogram. Runs on one event loop, so no locking.
   */
  private static final class Run {

    private final Vertx vertx;
    private final List<HttpClientAgent> clients;
    private final Supplier<CallbackRequests.Request> requests;
    private final int rate;
    private final long uncounted;
    private final long total;
    private final long timeoutMs;
    private final Histogram histogram = Latencies.newHistogram();
    private final Promise<JsonObject> done = Promise.promise();
    private final Outcomes outcomes = new Outcomes();
    private long startNanos;
    private long measuredFromNanos;
    private long answered;
    private long warmupOk;
    private long sent;
    private long lastSendNanos;
    private long lastAnswerNanos;

    /**
     * The worst latency of the requests due in each second, from the start: where a phase went
     * wrong.
     */
    private final JsonArray worstPerSecond = new JsonArray();

    /**
     * @param uncounted how many of the first requests are warm-up; {@code measured} follow them
     */
    Run(
        Vertx vertx,
        List<HttpClientAgent> clients,
        Supplier<CallbackRequests.Request> requests,
        int rate,
        long uncounted,
        long measured,
        long timeoutMs) {
      this.vertx = vertx;
      this.clients = clients;
      this.requests = requests;
      this.rate = rate;
      this.uncounted = uncounted;
      this.total = uncounted + measured;
      this.timeoutMs = timeoutMs;
    }

    Future<JsonObject> start() {
      vertx.runOnContext(
          v -> {
            startNanos = System.nanoTime();
            measuredFromNanos = startNanos + uncounted * 1_000_000_000L / rate;
            vertx.setPeriodic(
                1,
                id -> {
                  long due =
                      Math.min(total, (System.nanoTime() - startNanos) * rate / 1_000_000_000L + 1);
                  while (sent < due) {
                    send(
                        clients.get((int) (sent % clients.size())),
                        startNanos + sent * 1_000_000_000L / rate,
                        sent >= uncounted);
                    sent++;
                  }
                  if (sent >= total) {
                    vertx.cancelTimer(id);
                    lastSendNanos = System.nanoTime();
                    finishIfDone();
                  }
                });
          });
      return done.future();
    }

    private void send(HttpClientAgent client, long intendedNanos, boolean counted) {
      post(client, requests.get(), timeoutMs)
          .onComplete(
              ar -> {
                answered++;
                if (!counted) {
                  warmupOk += Outcomes.succeeded(ar) ? 1 : 0;
                  finishIfDone();
                  return;
                }
                long now = System.nanoTime();
                int second = (int) ((intendedNanos - startNanos) / 1_000_000_000L);
                while (worstPerSecond.size() <= second) {
                  worstPerSecond.add(0L);
                }
                worstPerSecond.set(
                    second,
                    Math.max(worstPerSecond.getLong(second), (now - intendedNanos) / 1_000_000));
                histogram.recordValue(
                    Math.min((now - intendedNanos) / 1000, histogram.getHighestTrackableValue()));
                lastAnswerNanos = now;
                outcomes.count(ar);
                finishIfDone();
              });
    }

    private void finishIfDone() {
      if (sent < total || answered < sent || done.future().isComplete()) {
        return;
      }
      double sendSeconds = (lastSendNanos - measuredFromNanos) / 1e9;
      double allSeconds = (Math.max(lastAnswerNanos, lastSendNanos) - measuredFromNanos) / 1e9;
      long measured = sent - uncounted;
      done.complete(
          new LoadResult(
                  rate,
                  measured,
                  outcomes.ok,
                  outcomes.non2xx,
                  outcomes.errors,
                  outcomes.timeouts,
                  sendSeconds <= 0 ? 0 : measured / sendSeconds,
                  allSeconds <= 0 ? 0 : outcomes.ok / allSeconds,
                  Latencies.of(histogram),
                  warmupOk)
              .toJson()
              .put("firstErrors", outcomes.firstErrors)
              .put("worstMsPerSecond", worstPerSecond)
              .put("distribution", Latencies.distribution(histogram)));
    }
  }
}
