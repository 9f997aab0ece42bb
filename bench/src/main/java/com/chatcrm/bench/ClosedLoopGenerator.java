package com.chatcrm.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Closed-model load in its own JVM: {@code --connections} connections, each sending its next
 * callback as soon as the answer to its last one arrives, for {@code --warmup-seconds} unmeasured
 * and then {@code --seconds} measured — how many callbacks a server acknowledges per second when it
 * sets the pace. Writes a {@link ClosedLoopResult} as JSON to {@code --out}, and with {@code
 * --keys-out} the inbox keys of the callbacks answered 2xx in the measured seconds, one a line, so
 * that the caller can check which of them were recorded.
 *
 * <pre>
 * ClosedLoopGenerator --platform wecom --port 8080 --targets targets.tsv --seconds 20 --out r.json
 *                     [--keys-out keys.txt] [--connections 32] [--warmup-seconds 3] [--timeout-ms 5000]
 *                     [--host 127.0.0.1] [--server-base http://127.0.0.1:8080]
 * </pre>
 */
public final class ClosedLoopGenerator {

  private ClosedLoopGenerator() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a =
        LoadGenerator.options(argv, "platform", "port", "targets", "seconds", "out");
    String host = a.getOrDefault("host", "127.0.0.1");
    int port = Integer.parseInt(a.get("port"));
    int connections = Integer.parseInt(a.getOrDefault("connections", "32"));
    double seconds = Double.parseDouble(a.get("seconds"));
    double warmup = Double.parseDouble(a.getOrDefault("warmup-seconds", "3"));
    long timeoutMs = Long.parseLong(a.getOrDefault("timeout-ms", "5000"));
    Vertx vertx = Vertx.vertx();
    try {
      Supplier<CallbackRequests.Request> requests = LoadGenerator.requests(a, vertx, host, port);
      Loops loops =
          new Loops(
              vertx,
              LoadGenerator.client(vertx, host, port, connections),
              requests,
              connections,
              warmup,
              seconds,
              timeoutMs);
      JsonObject result =
          loops
              .start()
              .toCompletionStage()
              .toCompletableFuture()
              .get((long) (warmup + seconds) + timeoutMs / 1000 + 60, TimeUnit.SECONDS);
      Files.writeString(Path.of(a.get("out")), result.encodePrettily(), StandardCharsets.UTF_8);
      if (a.containsKey("keys-out")) {
        Files.write(Path.of(a.get("keys-out")), loops.okKeys, StandardCharsets.UTF_8);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** The connections' loops, on one event loop, so no locking. */
  private static final class Loops {

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Supplier<CallbackRequests.Request> requests;
    private final int connections;
    private final double warmupSeconds;
    private final double seconds;
    private final long timeoutMs;
    private final Histogram histogram = Latencies.newHistogram();
    private final List<String> okKeys = new ArrayList<>();
    private final Outcomes outcomes = new Outcomes();
    private final Promise<JsonObject> done = Promise.promise();
    private long measuredFrom;
    private long measuredTo;
    private int stopped;

    Loops(
        Vertx vertx,
        HttpClientAgent client,
        Supplier<CallbackRequests.Request> requests,
        int connections,
        double warmupSeconds,
        double seconds,
        long timeoutMs) {
      this.vertx = vertx;
      this.client = client;
      this.requests = requests;
      this.connections = connections;
      this.warmupSeconds = warmupSeconds;
      this.seconds = seconds;
      this.timeoutMs = timeoutMs;
    }

    Future<JsonObject> start() {
      vertx.runOnContext(
          v -> {
            measuredFrom = System.nanoTime() + (long) (warmupSeconds * 1e9);
            measuredTo = measuredFrom + (long) (seconds * 1e9);
            for (int i = 0; i < connections; i++) {
              next();
            }
          });
      return done.future();
    }

    /** One loop's next request, or its end once the measured seconds are over. */
    private void next() {
      if (System.nanoTime() >= measuredTo) {
        if (++stopped == connections) {
          done.complete(result());
        }
        return;
      }
      CallbackRequests.Request r = requests.get();
      long sentAt = System.nanoTime();
      LoadGenerator.post(client, r, timeoutMs)
          .onComplete(
              ar -> {
                long now = System.nanoTime();
                // throughput is answers per second: what arrives within the measured seconds
                if (now >= measuredFrom && now < measuredTo) {
                  if (outcomes.count(ar) && r.key() != null) {
                    okKeys.add(r.key());
                  }
                  histogram.recordValue(
                      Math.min((now - sentAt) / 1000, histogram.getHighestTrackableValue()));
                }
                if (Outcomes.succeeded(ar)) {
                  next();
                } else {
                  // a refused connection fails at once: no spinning against a server that is gone
                  vertx.setTimer(10, id -> next());
                }
              });
    }

    private JsonObject result() {
      return new ClosedLoopResult(
              connections,
              seconds,
              outcomes.ok,
              outcomes.non2xx,
              outcomes.errors,
              outcomes.timeouts,
              Latencies.of(histogram))
          .toJson()
          .put("firstErrors", outcomes.firstErrors)
          .put("distribution", Latencies.distribution(histogram));
    }
  }
}
