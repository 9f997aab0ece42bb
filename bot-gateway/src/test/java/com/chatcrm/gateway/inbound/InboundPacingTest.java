package com.chatcrm.gateway.inbound;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.inbox.Completion;
import com.chatcrm.engine.inbox.InboundEvent;
import com.chatcrm.engine.inbox.Inbox;
import com.chatcrm.engine.tenant.Tenant;
import com.chatcrm.engine.tenant.TenantService;
import com.chatcrm.engine.testing.Eventually;
import com.chatcrm.engine.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Processing makes room for acknowledgements: a backlog is worked through with what they leave. */
class InboundPacingTest {

  @RegisterExtension static final FreshDatabase DB = new FreshDatabase();

  private static Vertx vertx;
  private static Pool pool;
  private static Tenant tenant;

  /** How long callbacks take to be recorded, as the processor is told. */
  private static volatile double ackMillis;

  /** Events in flight when each one started, in the order they started. */
  private static final List<Integer> concurrency = Collections.synchronizedList(new ArrayList<>());

  /** When each event started (nanos), in the same order. */
  private static final List<Long> starts = Collections.synchronizedList(new ArrayList<>());

  private static int inFlight;

  @BeforeAll
  static void start() throws Exception {
    vertx = DB.vertx();
    pool = DB.pool();
    tenant = await(new TenantService(pool).register("wecom", "wwpace", "节奏测试", null));
    InboundHandler slow = InboundPacingTest::handleSlowly;
    await(
        vertx.deployVerticle(
            new InboundProcessor(new Inbox(pool), Map.of("wecom", slow), 60_000, () -> ackMillis)));
  }

  private static Future<Void> handleSlowly(InboundEvent event, Completion completion) {
    synchronized (InboundPacingTest.class) {
      inFlight++;
      concurrency.add(inFlight);
      starts.add(System.nanoTime());
    }
    Promise<Void> done = Promise.promise();
    vertx.setTimer(
        5,
        id -> {
          synchronized (InboundPacingTest.class) {
            inFlight--;
          }
          done.complete();
        });
    return done.future();
  }

  @Test
  @DisplayName(
      "while callbacks wait to be recorded, events are processed one at a time; once they are quick again, side by side")
  void backlogYieldsToAcknowledgements() throws Exception {
    ackMillis = 1;
    processAll("quiet", 5);
    ackMillis = 50;
    List<Integer> slowAcks = processAll("slow", 40);
    assertThat(slowAcks.subList(20, 40)).as("after a few rounds, one at a time").containsOnly(1);
    assertThat(slowAcks).as("everything is still processed").hasSize(40);
    List<Long> slowStarts;
    synchronized (starts) {
      slowStarts = List.copyOf(starts);
    }
    List<Long> gaps = new ArrayList<>();
    for (int i = 21; i < 40; i++) {
      gaps.add(TimeUnit.NANOSECONDS.toMillis(slowStarts.get(i) - slowStarts.get(i - 1)));
    }
    assertThat(gaps)
        .as("one at a time, with a rest between them that leaves the CPU to acknowledgements")
        .allMatch(ms -> ms >= InboundProcessor.REST_MS);

    ackMillis = 1;
    List<Integer> quickAcks = processAll("quick", 120);
    assertThat(quickAcks).hasSize(120);
    assertThat(quickAcks.subList(60, 120))
        .as("back to batches once acknowledgements are quick")
        .anyMatch(n -> n > 5);
  }

  /** Queues {@code n} events, nudges the processor and answers the concurrency each one saw. */
  private static List<Integer> processAll(String prefix, int n) throws Exception {
    concurrency.clear();
    starts.clear();
    Inbox inbox = new Inbox(pool);
    for (int i = 0; i < n; i++) {
      await(
          inbox.accept(
              Actor.system(tenant.id(), "test"),
              "wecom",
              prefix + "-" + i,
              "text",
              "u1",
              new JsonObject()));
    }
    vertx.eventBus().send(InboundProcessor.ADDRESS, "test");
    Eventually.within(Duration.ofSeconds(30))
        .every(Duration.ofMillis(50))
        .as("all processed")
        .until(() -> pending() == 0);
    synchronized (concurrency) {
      return List.copyOf(concurrency);
    }
  }

  private static long pending() throws Exception {
    return await(pool.query("SELECT count(*) FROM inbound_event WHERE status <> 'done'").execute())
        .iterator()
        .next()
        .getLong(0);
  }
}
