package com.chatcrm.gateway.command;

import static com.chatcrm.engine.testing.Await.await;
import static com.chatcrm.engine.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.chatcrm.engine.access.Actor;
import com.chatcrm.engine.access.Source;
import com.chatcrm.engine.customer.Customer;
import com.chatcrm.engine.pool.PoolService;
import com.chatcrm.engine.testing.FreshDatabase;
import com.chatcrm.gateway.testing.WeComChat;
import com.chatcrm.sandbox.SandboxCall;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 把X转给Y in WeCom, through the real callback and send paths: the new owner is told, the rep's own 撤销
 * gives the customer back although the rep no longer sees it, and an admin may hand out a 公海
 * customer.
 */
class TransferChatTest {

  @RegisterExtension static final FreshDatabase db = new FreshDatabase();

  // the WeCom chat path of ChatCommandsWeComTest, wired once for the class; zhangsan is the admin
  static WeComChat chat;
  static long lisi;
  static long wangwu;
  static long zhangsan;

  @BeforeAll
  static void start() throws Exception {
    chat = WeComChat.start(db.vertx(), db.pool(), Set.of("zhangsan"));
    lisi = chat.userId("lisi");
    wangwu = chat.userId("wangwu");
    zhangsan = chat.userId("zhangsan");
  }

  @AfterAll
  static void stop() {
    chat.close();
  }

  @Test
  @DisplayName("the new owner gets a card saying who handed them which customer, with 打开详情")
  void newOwnerIsTold() throws Exception {
    chat.customer(lisi, "星河传媒");
    int before = chat.sendsTo("wangwu").size();
    assertThat(chat.say("lisi", "把星河转给王五")).contains("已转交", "王五");

    List<SandboxCall> told = eventually(() -> chat.sendsTo("wangwu"), l -> l.size() > before);
    String card = told.get(told.size() - 1).body().encode();
    assertThat(card).contains("李四", "星河传媒", "转给了你", "打开详情");
  }

  @Test
  @DisplayName(
      "撤销 by the rep who transferred gives the customer back, although the rep no longer sees it")
  void undoByTheRepWhoTransferred() throws Exception {
    Customer c = chat.customer(lisi, "银河物流");
    String reply = chat.say("lisi", "把银河物流转给王五");
    assertThat(owner(c.id())).isEqualTo(wangwu);
    String key =
        new JsonObject(reply)
            .getJsonObject("template_card").getJsonArray("button_list").stream()
                .map(o -> (JsonObject) o)
                .filter(b -> "撤销".equals(b.getString("text")))
                .findFirst()
                .orElseThrow()
                .getString("key");
    String taskId = new JsonObject(reply).getJsonObject("template_card").getString("task_id");

    await(
        chat.wecom().post(chat.wecom().cardClick(chat.corp(), "lisi", taskId, key, "code-undo-1")));
    eventually(() -> owner(c.id()), o -> o != null && o == lisi);
    List<SandboxCall> updates =
        eventually(
            () -> chat.sandbox().calls("/cgi-bin/message/update_template_card"),
            l -> l.stream().anyMatch(u -> u.body().encode().contains("code-undo-1")));
    assertThat(
            updates.stream()
                .filter(u -> u.body().encode().contains("code-undo-1"))
                .findFirst()
                .orElseThrow()
                .body()
                .encode())
        .contains("已撤销")
        .doesNotContain("无法撤销");
    // 王五, who was handed it, hears that it was taken back
    eventually(
        () -> chat.sendsTo("wangwu"),
        l ->
            l.stream()
                .anyMatch(
                    m ->
                        m.body().encode().contains("撤回了转交") && m.body().encode().contains("银河物流")));
  }

  @Test
  @DisplayName(
      "an admin moving a rep's customer to a colleague tells both: the new owner and the one who had it")
  void reassignedByAnAdmin() throws Exception {
    chat.customer(lisi, "天狼星科技");
    int before = chat.sendsTo("lisi").size();
    assertThat(chat.say("zhangsan", "把天狼星科技转给王五")).contains("已转交", "王五");
    eventually(
        () -> chat.sendsTo("wangwu"),
        l -> l.stream().anyMatch(m -> m.body().encode().contains("天狼星科技")));
    List<SandboxCall> told = eventually(() -> chat.sendsTo("lisi"), l -> l.size() > before);
    assertThat(told.get(told.size() - 1).body().encode()).contains("天狼星科技", "不再由你负责", "王五");
  }

  @Test
  @DisplayName(
      "an admin hands a 公海 customer to a rep: it leaves the pool, the rep is told; 撤销 puts it back")
  void adminTransfersFromThePool() throws Exception {
    Customer c = chat.customer(lisi, "海王星贸易");
    await(
        new PoolService(db.pool(), Clock.systemUTC())
            .release(Actor.user(chat.tenant().id(), lisi, Source.api("t")), c.id(), "不跟了"));
    int before = chat.sendsTo("wangwu").size();

    String reply = chat.say("zhangsan", "把海王星贸易转给王五");
    assertThat(reply).contains("已转交", "王五");
    Row row =
        await(
                db.pool()
                    .preparedQuery(
                        "SELECT owner_id, in_pool FROM customer WHERE tenant_id = $1 AND id = $2")
                    .execute(Tuple.of(chat.tenant().id(), c.id())))
            .iterator()
            .next();
    assertThat(row.getLong("owner_id")).isEqualTo(wangwu);
    assertThat(row.getBoolean("in_pool")).isFalse();
    List<SandboxCall> told = eventually(() -> chat.sendsTo("wangwu"), l -> l.size() > before);
    assertThat(told.get(told.size() - 1).body().encode()).contains("张三", "海王星贸易", "转给了你");

    // the admin's 撤销 puts it back into the pool it came from
    JsonObject card = new JsonObject(reply).getJsonObject("template_card");
    String undo =
        card.getJsonArray("button_list").stream()
            .map(o -> (JsonObject) o)
            .filter(b -> "撤销".equals(b.getString("text")))
            .findFirst()
            .orElseThrow()
            .getString("key");
    await(
        chat.wecom()
            .post(
                chat.wecom()
                    .cardClick(
                        chat.corp(), "zhangsan", card.getString("task_id"), undo, "code-undo-2")));
    eventually(() -> owner(c.id()), o -> o == null);
    assertThat(
            await(
                    db.pool()
                        .preparedQuery(
                            "SELECT in_pool FROM customer WHERE tenant_id = $1 AND id = $2")
                        .execute(Tuple.of(chat.tenant().id(), c.id())))
                .iterator()
                .next()
                .getBoolean(0))
        .isTrue();
  }

  // ------------------------------------------------------------------ helpers

  private static Long owner(long customerId) {
    try {
      return await(
              db.pool()
                  .preparedQuery("SELECT owner_id FROM customer WHERE tenant_id = $1 AND id = $2")
                  .execute(Tuple.of(chat.tenant().id(), customerId)))
          .iterator()
          .next()
          .getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
