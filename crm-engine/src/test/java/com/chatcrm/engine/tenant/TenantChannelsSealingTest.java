package com.chatcrm.engine.tenant;

import static com.chatcrm.engine.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.secret.SecretBox;
import com.chatcrm.engine.secret.SecretUnreadable;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.engine.testing.OrgFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A company's app secrets in the database: sealed when stored, opened when read, rotated. */
class TenantChannelsSealingTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static final String KEY_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  static final String KEY_B = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

  static final JsonObject APP =
      new JsonObject()
          .put("agentId", 1000002)
          .put("secret", "the-app-secret")
          .put("callbackToken", "the-token")
          .put("encodingAesKey", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C");

  @Test
  @DisplayName("secrets are stored sealed and read back as they were; other fields stay readable")
  void sealedAtRest() {
    OrgFixture org = OrgFixture.create(db.pool());
    TenantChannels channels = new TenantChannels(db.pool(), SecretBox.of(KEY_A, List.of()));
    await(channels.put(Actor.system(org.tenantA.id(), "t"), "wecom", APP));

    String stored = stored(org.tenantA.id());
    assertThat(stored)
        .doesNotContain("the-app-secret")
        .doesNotContain("the-token")
        .doesNotContain("jWmYm7qr")
        .contains("\"agentId\": 1000002")
        .contains("enc:v1:");
    assertThat(await(channels.get(org.tenantA.id(), "wecom"))).isEqualTo(APP);
  }

  @Test
  @DisplayName(
      "plain text written before sealing existed is sealed by the start-up pass; a rotation re-seals")
  void plaintextAndRotation() {
    OrgFixture org = OrgFixture.create(db.pool());
    long tenant = org.tenantB.id();
    await(
        db.pool()
            .preparedQuery(
                "INSERT INTO tenant_channel (tenant_id, channel, settings) VALUES ($1, 'wecom', $2)"
                    + " ON CONFLICT (tenant_id, channel) DO UPDATE SET settings = EXCLUDED.settings")
            .execute(Tuple.of(tenant, APP)));
    TenantChannels withA = new TenantChannels(db.pool(), SecretBox.of(KEY_A, List.of()));
    assertThat(await(withA.reseal(true))).isGreaterThanOrEqualTo(3);
    assertThat(stored(tenant)).doesNotContain("the-app-secret");
    assertThat(await(withA.reseal(true))).isZero();

    // a node with only the new key cannot read; after the rotation it can, and the old key is gone
    TenantChannels newOnly = new TenantChannels(db.pool(), SecretBox.of(KEY_B, List.of()));
    assertThatThrownBy(() -> await(newOnly.get(tenant, "wecom")))
        .isInstanceOf(SecretUnreadable.class)
        .hasMessageNotContaining("the-app-secret");
    TenantChannels rotating = new TenantChannels(db.pool(), SecretBox.of(KEY_B, List.of(KEY_A)));
    assertThat(await(rotating.reseal(false))).isGreaterThanOrEqualTo(3);
    assertThat(await(newOnly.get(tenant, "wecom"))).isEqualTo(APP);
    assertThatThrownBy(() -> await(withA.get(tenant, "wecom")))
        .isInstanceOf(SecretUnreadable.class);
  }

  private static String stored(long tenantId) {
    return await(
            db.pool()
                .preparedQuery(
                    "SELECT settings::text FROM tenant_channel WHERE tenant_id = $1 AND channel = 'wecom'")
                .execute(Tuple.of(tenantId)))
        .iterator()
        .next()
        .getString(0);
  }
}
