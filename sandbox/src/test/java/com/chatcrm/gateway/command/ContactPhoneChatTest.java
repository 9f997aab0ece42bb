package com.chatcrm.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.testing.WeComChat;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A contact's phone changed in chat to one another contact has is warned of, as adding one is,
 * through WeCom's real callback path: nothing changes until 仍然修改, which changes it once.
 */
class ContactPhoneChatTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  static WeComChat chat;

  @BeforeAll
  static void start() throws Exception {
    chat = WeComChat.start(db.vertx(), db.pool(), Set.of());
  }

  @AfterAll
  static void stop() {
    chat.close();
  }

  @Test
  @DisplayName(
      "乙公司的联系人改成李经理 <甲公司's number> warns naming 甲公司; 仍然修改 changes it once, a second tap changes nothing")
  void phoneChangeToATakenNumber() throws Exception {
    chat.say("lisi", "新客户 甲字号贸易 联系人 王经理 13911112222");
    chat.say("lisi", "新客户 乙字号贸易 联系人 李经理 13933334444");
    String warned = chat.say("lisi", "乙字号贸易的联系人改成李经理 13911112222");
    assertThat(warned).contains("电话号码已存在", "甲字号贸易", "王经理", "仍然修改");
    assertThat(phoneOf("李经理")).contains("13933334444");

    String key =
        new JsonObject(warned)
            .getJsonObject("template_card").getJsonArray("button_list").stream()
                .map(o -> ((JsonObject) o).getString("key"))
                .filter(k -> k.startsWith("confirm:contact:"))
                .findFirst()
                .orElseThrow();
    assertThat(chat.click("lisi", key)).contains("已更新");
    assertThat(phoneOf("李经理")).contains("13911112222");
    assertThat(chat.click("lisi", key)).contains("没有重复修改");
  }

  static String phoneOf(String contact) {
    return chat.text(
        "SELECT phones::text FROM contact WHERE name = '" + contact + "' AND deleted_at IS NULL");
  }
}
