package com.chatcrm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.chatcrm.sandbox.SandboxCorp;
import com.chatcrm.sandbox.SandboxCorps;
import com.chatcrm.sandbox.WeComCallbackSimulator;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import org.junit.jupiter.api.Test;

/**
 * The baseline does the work it is named for: the bench's callback opens, a forged one does not.
 */
class WxJavaBaselineTest {

  private final SandboxCorp corp = SandboxCorps.huaxin();
  private final WxJavaBaseline baseline = new WxJavaBaseline(corp);
  private final WeComCallbackSimulator.Callback callback =
      new WeComCallbackSimulator(null, null)
          .build(
              corp,
              CallbackRequests.weComText(
                  corp,
                  new CallbackRequests.Target("zhangsan", "天河机械有限公司"),
                  7_123L,
                  1_796_670_000L));

  @Test
  void verifiesDecryptsAndParsesTheBenchsCallback() {
    WxCpXmlMessage m = baseline.open(callback);

    assertThat(m.getMsgId()).isEqualTo(7123L);
    assertThat(m.getFromUserName()).isEqualTo("zhangsan");
    assertThat(m.getContent()).startsWith("跟进 天河机械有限公司 ");
  }

  @Test
  void refusesAWrongSignature() {
    String query = callback.query();
    int at = query.indexOf("msg_signature=") + "msg_signature=".length();
    String forged =
        query.substring(0, at) + (query.charAt(at) == 'a' ? 'b' : 'a') + query.substring(at + 1);

    assertThatThrownBy(
            () ->
                baseline.open(
                    new WeComCallbackSimulator.Callback(
                        callback.corpId(), forged, callback.body())))
        .isInstanceOf(RuntimeException.class);
  }
}
