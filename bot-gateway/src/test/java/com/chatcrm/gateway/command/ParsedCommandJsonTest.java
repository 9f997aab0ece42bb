package com.chatcrm.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.language.CommandParser;
import com.chatcrm.language.ParsedCommand;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The JSON of a parsed command (/sandbox/parse, pending questions), rendered by the gateway. */
class ParsedCommandJsonTest {

  static final ZonedDateTime NOW =
      ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"));

  @Test
  @DisplayName("absent slots are left out; a whole amount is a number without a fraction")
  void shape() {
    JsonObject j = ParsedCommandJson.toJson(new CommandParser().parse("商机 星河 年度框架 45万 方案报价", NOW));
    assertThat(j.encode())
        .isEqualTo(
            "{\"intent\":\"add_opportunity\",\"customer\":\"星河\",\"amount\":450000,"
                + "\"stage\":\"方案报价\",\"opportunity\":\"年度框架\"}");
  }

  @Test
  @DisplayName("a pending question's command comes back the same, mentions and candidates too")
  void stateRoundTrip() {
    ParsedCommand p = new CommandParser().parse("把腾讯这个客户转给@李四", NOW);
    assertThat(p.mentions()).containsExactly("李四");
    assertThat(p.customerCandidates()).isNotEmpty();
    JsonObject state = ParsedCommandJson.toState(p);
    assertThat(ParsedCommandJson.fromState(new JsonObject(state.encode()))).isEqualTo(p);
  }
}
