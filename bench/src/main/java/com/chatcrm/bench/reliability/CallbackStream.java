package com.chatcrm.bench.reliability;

import com.chatcrm.bench.CallbackRequests.Target;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A steady stream of genuine WeCom 跟进 callbacks (signed and encrypted with the sandbox company's
 * keys), each from a member about a customer they own and with a unique marker of letters at the
 * end of its text, so the follow-up it creates and the reply sent for it can be found again.
 * Remembers how each was answered.
 */
final class CallbackStream implements AutoCloseable {

  /** One callback sent: when, and its answer (0 while open, -1 without an answer). */
  static final class Sent {
    final long atNanos;
    volatile int status;

    Sent(long atNanos) {
      this.atNanos = atNanos;
    }

    boolean acked() {
      return status >= 200 && status < 300;
    }
  }

  private static final String NOTE = "电话沟通了报价，客户希望再优惠一些";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final WeComCallbackSimulator sim = new WeComCallbackSimulator(null, null);
  private final Map<String, Sent> sent = new ConcurrentHashMap<>();
  private final String base;
  private final List<Target> targets;
  private final int rate;
  private final Thread thread;
  private volatile boolean running = true;

  private CallbackStream(String base, List<Target> targets, int rate) {
    this.base = base;
    this.targets = targets;
    this.rate = rate;
    this.thread = new Thread(this::loop, "callback-stream");
  }

  static CallbackStream start(String base, List<Target> targets, int rate) {
    CallbackStream s = new CallbackStream(base, targets, rate);
    s.thread.start();
    return s;
  }

  /** Letters only: digits in a 跟进 line could be read as an amount or a date. */
  static String marker(long n) {
    StringBuilder sb = new StringBuilder();
    do {
      sb.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return "mk" + sb.reverse();
  }

  private void loop() {
    long t0 = System.nanoTime();
    long period = 1_000_000_000L / rate;
    for (long i = 0; running; i++) {
      long wait = t0 + i * period - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      Target t = targets.get((int) (i % targets.size()));
      String marker = marker(i + 26L * 26 * 26);
      WeComCallbackSimulator.Callback cb =
          sim.text(
              SandboxCorps.huaxin(), t.member(), "跟进 " + t.customer() + " " + NOTE + " " + marker);
      Sent s = new Sent(System.nanoTime());
      sent.put(marker, s);
      HttpRequest r =
          HttpRequest.newBuilder(
                  URI.create(base + "/callback/wecom/" + cb.corpId() + "?" + cb.query()))
              .timeout(Duration.ofSeconds(10))
              .header("content-type", "text/xml; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(cb.body()))
              .build();
      http.sendAsync(r, HttpResponse.BodyHandlers.discarding())
          .whenComplete((a, e) -> s.status = e != null ? -1 : a.statusCode());
    }
  }

  /** Every callback sent so far, by marker. */
  Map<String, Sent> sent() {
    return sent;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
    // the last requests' answers
    Thread.sleep(1000);
  }
}
