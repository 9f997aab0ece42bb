package com.chatcrm.bench.reliability;

import com.chatcrm.bench.reliability.CallbackForgery.Request;
import com.chatcrm.bench.reliability.HostileCallbacks.Category;
import com.chatcrm.bench.reliability.HostileCallbacks.Hostile;
import com.chatcrm.engine.inbox.CallbackSignatures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@code count} hostile callbacks from a {@link HostileCallbacks} generator to a running
 * dev-profile service at a bounded rate and concurrency, and measures what got through: answers by
 * class, rows written to the tables a callback can reach, the service's peak heap and what its log
 * shows.
 */
public final class HostileCallbackProbe {

  /** Bounded load: a few connections, at most this many requests a second. */
  static final int CONCURRENCY = 8;

  static final int MAX_RATE = 800;
  static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final int EXAMPLES = 3;

  /** Per category: how many, and how they were answered. */
  public static final class Tally {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong noAnswer = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();

    /**
     * First requests acknowledged (2xx), and first answered 5xx or not at all: request → answer.
     */
    final List<String> accepted2xx = new ArrayList<>();

    final List<String> errors = new ArrayList<>();
    final List<String> refusals = new ArrayList<>();

    JsonObject toJson() {
      JsonObject statuses = new JsonObject();
      new TreeMap<>(byStatus).forEach((k, v) -> statuses.put(k, v.get()));
      synchronized (this) {
        return new JsonObject()
            .put("sent", sent.get())
            .put("accepted2xx", accepted.get())
            .put("refused4xx", refused.get())
            .put("serverErrors5xx", serverErrors.get())
            .put("connectionClosedWithoutAnswer", noAnswer.get())
            .put("timedOut", timedOut.get())
            .put("byStatus", statuses)
            .put("acceptedExamples", new JsonArray(new ArrayList<>(accepted2xx)))
            .put("errorExamples", new JsonArray(new ArrayList<>(errors)))
            .put("refusalExamples", new JsonArray(new ArrayList<>(refusals)));
      }
    }
  }

  /** What a run found. heap figures in bytes; liveAfterGc -1 when unknown. */
  public record Result(
      long sent,
      long accepted,
      long serverErrors,
      long timedOut,
      long noAnswer,
      Map<String, Long> rowsWritten,
      long peakHeapBytes,
      long liveHeapBeforeBytes,
      long liveHeapAfterBytes,
      ServiceLog log,
      boolean aliveAfter,
      double seconds,
      Map<Category, Tally> byCategory,
      Map<String, Long> byRoute) {

    /** This result with another reading of the service's log, e.g. one taken after the stop. */
    public Result withLog(ServiceLog log) {
      return new Result(
          sent,
          accepted,
          serverErrors,
          timedOut,
          noAnswer,
          rowsWritten,
          peakHeapBytes,
          liveHeapBeforeBytes,
          liveHeapAfterBytes,
          log,
          aliveAfter,
          seconds,
          byCategory,
          byRoute);
    }

    public long rows() {
      return TableRows.added(rowsWritten);
    }

    public JsonObject toJson() {
      JsonObject cats = new JsonObject();
      byCategory.forEach((c, t) -> cats.put(c.name(), t.toJson().put("label", c.label)));
      return new JsonObject()
          .put("sent", sent)
          .put("accepted2xx", accepted)
          .put("serverErrors5xx", serverErrors)
          .put("timedOut", timedOut)
          .put("connectionClosedWithoutAnswer", noAnswer)
          .put("rowsWritten", new JsonObject(new java.util.LinkedHashMap<>(rowsWritten)))
          .put("peakHeapBytes", peakHeapBytes)
          .put("liveHeapBeforeBytes", liveHeapBeforeBytes)
          .put("liveHeapAfterBytes", liveHeapAfterBytes)
          .put("logLines", log.lines())
          .put("logStackTraces", log.stackTraces())
          .put("logLinesWithSecrets", log.secretLines())
          .put("logForgedLines", log.forgedLines())
          .put("logExamples", new JsonArray(log.examples()))
          .put("serviceAliveAfter", aliveAfter)
          .put("seconds", seconds)
          .put("byRoute", new JsonObject(new java.util.LinkedHashMap<>(byRoute)))
          .put("byCategory", cats);
    }
  }

  private HostileCallbackProbe() {}

  /**
   * @param service a running dev-profile service (its pid and logs are read)
   * @param databaseUrl its database, {@code postgresql://user@host:port/db}
   */
  public static Result run(ProbedService service, String databaseUrl, int count, long seed)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String base = service.baseUrl();
    List<Request> controls = postControls(http, base);
    awaitInboxDrained(databaseUrl);
    Map<String, Long> before = TableRows.count(databaseUrl);
    long liveBefore = HeapSampler.liveAfterGc(service.pid());

    HostileCallbacks gen = new HostileCallbacks(seed, controls);
    Map<Category, Tally> tallies = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      tallies.put(c, new Tally());
    }
    Map<String, AtomicLong> routes = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    long t0 = System.nanoTime();
    long periodNanos = 1_000_000_000L / MAX_RATE;
    try (HeapSampler heap = HeapSampler.start(service.pid())) {
      for (int i = 0; i < count; i++) {
        long due = t0 + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        Hostile h = gen.next();
        Tally tally = tallies.get(h.category());
        tally.sent.incrementAndGet();
        routes.computeIfAbsent(h.route(), k -> new AtomicLong()).incrementAndGet();
        HttpRequest request;
        try {
          request = toHttp(base, h.request());
        } catch (IllegalArgumentException e) {
          // the JDK client refuses to send it (e.g. a header value it deems illegal): not sent, not
          // counted
          tally.sent.decrementAndGet();
          continue;
        }
        inFlight.acquire();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
            .whenComplete(
                (r, e) -> {
                  inFlight.release();
                  record(tally, h, r, e);
                });
      }
      inFlight.acquire(CONCURRENCY);
      inFlight.release(CONCURRENCY);
      double seconds = (System.nanoTime() - t0) / 1e9;
      // anything wrongly accepted is processed in the background: give it the time to write
      Thread.sleep(2000);
      awaitInboxDrained(databaseUrl);
      Map<String, Long> rows = TableRows.diff(before, TableRows.count(databaseUrl));
      long liveAfter = HeapSampler.liveAfterGc(service.pid());
      long peak = heap.peakBytes();
      boolean alive = service.alive() && service.healthy();
      Map<String, Long> byRoute = new TreeMap<>();
      routes.forEach((k, v) -> byRoute.put(k, v.get()));
      long sent = sum(tallies, t -> t.sent);
      return new Result(
          sent,
          sum(tallies, t -> t.accepted),
          sum(tallies, t -> t.serverErrors),
          sum(tallies, t -> t.timedOut),
          sum(tallies, t -> t.noAnswer),
          rows,
          peak,
          liveBefore,
          liveAfter,
          ServiceLog.read(service.logs()),
          alive,
          seconds,
          tallies,
          byRoute);
    }
  }

  /** Saves the full result (counts per category, examples) as JSON. */
  public static Path save(Result r, Path file) throws java.io.IOException {
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, r.toJson().encodePrettily(), StandardCharsets.UTF_8);
    return file;
  }

  private static long sum(
      Map<Category, Tally> tallies, java.util.function.Function<Tally, AtomicLong> f) {
    return tallies.values().stream().mapToLong(t -> f.apply(t).get()).sum();
  }

  private static void record(Tally t, Hostile h, HttpResponse<byte[]> r, Throwable e) {
    List<String> examples;
    String answer;
    if (e != null) {
      Throwable cause =
          e instanceof java.util.concurrent.CompletionException && e.getCause() != null
              ? e.getCause()
              : e;
      if (!(cause instanceof HttpTimeoutException)) {
        // e.g. the server closed the connection on an oversized request: refused, without an answer
        t.noAnswer.incrementAndGet();
        t.byStatus.computeIfAbsent("closed", k -> new AtomicLong()).incrementAndGet();
        return;
      }
      t.timedOut.incrementAndGet();
      examples = t.errors;
      answer = "no answer within " + TIMEOUT.toSeconds() + " s";
    } else {
      int s = r.statusCode();
      t.byStatus.computeIfAbsent(Integer.toString(s), k -> new AtomicLong()).incrementAndGet();
      answer = s + " " + snippet(r.body());
      if (s >= 200 && s < 300) {
        t.accepted.incrementAndGet();
        examples = t.accepted2xx;
      } else if (s >= 500) {
        t.serverErrors.incrementAndGet();
        examples = t.errors;
      } else {
        t.refused.incrementAndGet();
        examples = t.refusals;
      }
    }
    synchronized (t) {
      if (examples.size() < EXAMPLES) {
        examples.add(describe(h) + " → " + answer);
      }
    }
  }

  static String describe(Hostile h) {
    Request q = h.request();
    StringBuilder sb = new StringBuilder(q.method()).append(' ').append(cut(q.pathAndQuery(), 240));
    q.headers()
        .forEach(
            (k, v) -> {
              if (!k.equals("content-type")) {
                sb.append(" [").append(k).append(": ").append(cut(v, 60)).append(']');
              }
            });
    if (q.body() != null) {
      sb.append(" body(").append(q.body().length).append(" B): ").append(snippet(q.body()));
    }
    return sb.toString();
  }

  private static String snippet(byte[] body) {
    if (body == null) {
      return "";
    }
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return cut(s.replace("\0", "\\0").replace("\r", "\\r").replace("\n", "\\n"), 160);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
  }

  private static HttpRequest toHttp(String base, Request q) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + q.pathAndQuery())).timeout(TIMEOUT);
    q.headers().forEach(b::header);
    if (q.body() == null) {
      b.GET();
    } else {
      b.method(q.method(), HttpRequest.BodyPublishers.ofByteArray(q.body()));
    }
    return b.build();
  }

  /**
   * A few genuine robot messages, posted and acknowledged: their signature headers are what gets
   * replayed. Genuine messages signed in the same millisecond share a signature, and the service
   * lets one signature carry {@link CallbackSignatures#MESSAGES_PER_SIGNATURE} of them; each
   * control's allowance is used up here by such genuine messages, before the count starts, so every
   * replay measured is one the service must refuse.
   */
  private static List<Request> postControls(HttpClient http, String base) throws Exception {
    HostileCallbacks gen = new HostileCallbacks(System.nanoTime(), List.of());
    List<Request> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Request r =
          CallbackForgery.dingtalkSigned(
              CallbackForgery.DINGTALK.corpId(),
              "robot",
              gen.robotBody().getBytes(StandardCharsets.UTF_8),
              Long.toString(System.currentTimeMillis()));
      postGenuine(http, base, r);
      for (int same = 1; same < CallbackSignatures.MESSAGES_PER_SIGNATURE; same++) {
        postGenuine(http, base, r.withBody(gen.robotBody().getBytes(StandardCharsets.UTF_8)));
      }
      out.add(r);
      Thread.sleep(5);
    }
    return out;
  }

  private static void postGenuine(HttpClient http, String base, Request r) throws Exception {
    HttpResponse<String> a = http.send(toHttp(base, r), HttpResponse.BodyHandlers.ofString());
    if (a.statusCode() != 200) {
      throw new IllegalStateException(
          "a genuine robot callback was refused ("
              + a.statusCode()
              + " "
              + a.body()
              + "): the probe's signing does not match the service");
    }
  }

  /**
   * Waits (up to 30 s) until nothing in the inbox is due: what failed waits for a retry and is not
   * waited for.
   */
  static void awaitInboxDrained(String databaseUrl) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && TableRows.dueInbox(databaseUrl) > 0) {
      Thread.sleep(250);
    }
  }
}
