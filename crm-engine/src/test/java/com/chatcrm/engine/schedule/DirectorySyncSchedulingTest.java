package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.port.DirectorySync;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.MutableClock;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DirectorySyncSchedulingTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final Duration LEASE = Duration.ofMinutes(30);

  /** Counts the syncs asked for, per tenant; fails a tenant's while it is in {@code failing}. */
  static final class RecordingSync implements DirectorySync {
    final Map<Long, AtomicInteger> syncs = new ConcurrentHashMap<>();
    final Set<Long> failing = ConcurrentHashMap.newKeySet();

    @Override
    public Future<Void> syncDirectory(long tenantId) {
      if (failing.contains(tenantId)) {
        return Future.failedFuture("platform unreachable");
      }
      syncs.computeIfAbsent(tenantId, k -> new AtomicInteger()).incrementAndGet();
      return Future.succeededFuture();
    }

    int of(long tenantId) {
      AtomicInteger n = syncs.get(tenantId);
      return n == null ? 0 : n.get();
    }
  }

  /**
   * The scheduler deployed on this test's Vert.x and on others of its own (a node each, on one
   * database), undeployed and closed when the test is done.
   */
  final class Nodes implements AutoCloseable {
    private final List<Vertx> others = new ArrayList<>();
    private final List<String> ours = new ArrayList<>();

    DirectorySyncVerticle deploy(Duration tick, boolean ownVertx) {
      Vertx vertx = db.vertx();
      Pool pool = db.pool();
      if (ownVertx) {
        vertx = Vertx.vertx();
        others.add(vertx);
        pool = db.pool(vertx);
      }
      DirectorySyncVerticle v =
          new DirectorySyncVerticle(
              pool,
              sync,
              clock,
              new DirectorySyncVerticle.Settings(tick, LocalTime.of(2, 30), LEASE));
      String id = await(vertx.deployVerticle(v));
      if (!ownVertx) {
        ours.add(id);
      }
      return v;
    }

    /** Two nodes, each ticking every 20 ms. */
    List<DirectorySyncVerticle> two() {
      return List.of(deploy(Duration.ofMillis(20), false), deploy(Duration.ofMillis(20), true));
    }

    @Override
    public void close() {
      ours.forEach(id -> await(db.vertx().undeploy(id)));
      others.forEach(v -> await(v.close()));
    }
  }

  OrgFixture org;
  LocalDate today = LocalDate.now(SHANGHAI);
  MutableClock clock = new MutableClock(at(today, "02:29"));
  RecordingSync sync = new RecordingSync();

  @BeforeEach
  void company() {
    org = OrgFixture.create(db.pool());
  }

  static Instant at(LocalDate day, String time) {
    return day.atTime(LocalTime.parse(time)).atZone(SHANGHAI).toInstant();
  }

  @Test
  @DisplayName(
      "two nodes ticking every 20 ms sync each tenant once a night, from 02:30 tenant time on, and again the next night")
  void oncePerNightAcrossNodes() throws InterruptedException {
    try (Nodes nodes = new Nodes()) {
      nodes.two();
      oncePerNight();
    }
  }

  private void oncePerNight() throws InterruptedException {
    Thread.sleep(300);
    assertThat(sync.syncs).as("before 02:30").isEmpty();

    clock.set(at(today, "02:30"));
    eventually(() -> sync.of(org.tenantA.id()) + sync.of(org.tenantB.id()), n -> n == 2);
    Thread.sleep(300); // some thirty ticks of each node more
    clock.set(at(today, "23:59"));
    Thread.sleep(200);
    assertThat(sync.of(org.tenantA.id())).isEqualTo(1);
    assertThat(sync.of(org.tenantB.id())).isEqualTo(1);
    assertThat(doneRuns(org.tenantA.id())).isEqualTo(1);

    clock.set(at(today.plusDays(1), "02:30"));
    eventually(() -> sync.of(org.tenantA.id()) + sync.of(org.tenantB.id()), n -> n == 4);
    Thread.sleep(200);
    assertThat(sync.of(org.tenantA.id())).isEqualTo(2);
    assertThat(doneRuns(org.tenantA.id())).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "a tenant whose sync fails does not hold up the others, and is synced again after the lease; the scheduler stays healthy")
  void failureRetriedAfterLease() throws InterruptedException {
    sync.failing.add(org.tenantB.id());
    try (Nodes nodes = new Nodes()) {
      retriedAfterLease(nodes.two());
    }
  }

  private void retriedAfterLease(List<DirectorySyncVerticle> both) throws InterruptedException {
    clock.set(at(today, "03:00"));
    eventually(() -> sync.of(org.tenantA.id()), n -> n == 1);
    Thread.sleep(200);
    assertThat(sync.of(org.tenantB.id())).isZero();

    sync.failing.clear();
    Thread.sleep(200);
    assertThat(sync.of(org.tenantB.id())).as("still claimed: the lease has not run out").isZero();
    clock.set(at(today, "03:00").plus(LEASE).plusSeconds(1));
    eventually(() -> sync.of(org.tenantB.id()), n -> n == 1);
    Thread.sleep(200);
    assertThat(sync.of(org.tenantA.id())).isEqualTo(1);
    assertThat(sync.of(org.tenantB.id())).isEqualTo(1);
    assertThat(both.get(0).status().lastSuccessAt()).isNotNull();
  }

  @Test
  @DisplayName(
      "a node started after 02:30 syncs that night's at its first tick; one started before waits for 02:30")
  void lateStartSyncsAtFirstTick() throws InterruptedException {
    try (Nodes nodes = new Nodes()) {
      nodes.deploy(Duration.ofMillis(50), false);
      Thread.sleep(300);
      assertThat(sync.syncs).as("started at 02:29").isEmpty();
    }
    clock.set(at(today, "09:00"));
    try (Nodes nodes = new Nodes()) {
      nodes.deploy(Duration.ofMillis(50), false);
      eventually(() -> sync.of(org.tenantA.id()), n -> n == 1);
    }
  }

  long doneRuns(long tenantId) {
    return await(
            db.pool()
                .preparedQuery(
                    "SELECT count(*) FROM scheduled_run WHERE tenant_id = $1"
                        + " AND kind = 'directory_sync' AND status = 'done'")
                .execute(Tuple.of(tenantId)))
        .iterator()
        .next()
        .getLong(0);
  }
}
