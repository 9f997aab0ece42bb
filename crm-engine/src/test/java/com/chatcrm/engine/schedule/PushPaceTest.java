package com.chatcrm.engine.schedule;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PushPaceTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  /** 5 at once, one a second after. */
  static final PushPace.Bucket BUCKET = new PushPace.Bucket(5, 60);

  static final long USER = 7;

  OrgFixture org;
  PushPace pace;
  Instant t0;

  @BeforeEach
  void setUp() {
    org = OrgFixture.create(db.pool());
    pace = new PushPace(db.pool());
    t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    await(db.pool().query("DELETE FROM push_pace").execute());
  }

  @Test
  @DisplayName(
      "a bucket drawn on at one instant gives nothing as of an earlier one, though it has the tokens")
  void neverDrawnOnAsOfAnEarlierInstant() {
    long tenant = org.tenantA.id();
    assertThat(await(pace.take(tenant, Map.of(USER, 3), BUCKET, t0))).containsExactly(USER);
    // a node whose clock is behind, or whose pass began before the last draw: what it queued as of
    // its
    // instant would sit before tokens already spent, so a minute of queue time could hold more than
    // the budget
    assertThat(await(pace.take(tenant, Map.of(USER, 1), BUCKET, t0.minusMillis(1)))).isEmpty();
    assertThat(await(pace.take(tenant, Map.of(USER, 2), BUCKET, t0))).containsExactly(USER);
    assertThat(await(pace.take(tenant, Map.of(USER, 1), BUCKET, t0))).as("spent").isEmpty();
    assertThat(await(pace.take(tenant, Map.of(USER, 1), BUCKET, t0.plusSeconds(1))))
        .containsExactly(USER);
  }
}
