package com.chatcrm.gateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.outbox.OutboundMessage;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutboxLanesTest {

  private static OutboundMessage message(long tenant, long id, String recipient) {
    return new OutboundMessage(tenant, id, "wecom", recipient, new JsonObject(), 1);
  }

  @Test
  @DisplayName(
      "a company's burst goes out on at most 8 calls at once, each person's messages in the order queued")
  void lanesPerTenant() {
    List<OutboundMessage> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(message(1, i, "user" + (i % 12)));
    }
    batch.add(message(2, 100, "other"));
    List<List<OutboundMessage>> lanes = OutboxDispatcher.lanes(batch);

    assertThat(lanes.stream().filter(l -> l.get(0).tenantId() == 1).count())
        .isLessThanOrEqualTo(OutboxDispatcher.PER_TENANT);
    assertThat(lanes.stream().filter(l -> l.get(0).tenantId() == 2)).hasSize(1);
    assertThat(lanes.stream().mapToInt(List::size).sum()).isEqualTo(41);
    for (List<OutboundMessage> lane : lanes) {
      assertThat(lane).allMatch(m -> m.tenantId() == lane.get(0).tenantId());
    }
    List<OutboundMessage> user3 =
        lanes.stream()
            .filter(l -> l.stream().anyMatch(m -> m.recipient().equals("user3")))
            .findFirst()
            .orElseThrow()
            .stream()
            .filter(m -> m.recipient().equals("user3"))
            .toList();
    assertThat(user3).extracting(OutboundMessage::id).containsExactly(3L, 15L, 27L, 39L);
    assertThat(lanes.stream().filter(l -> l.stream().anyMatch(m -> m.recipient().equals("user3"))))
        .hasSize(1);
  }
}
