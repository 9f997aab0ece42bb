package com.chatcrm.sandbox;

import com.chatcrm.gateway.dingtalk.DingTalkApp;
import com.chatcrm.gateway.dingtalk.DingTalkTenants;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The fixed DingTalk companies of the sandbox, for the dev profile and the tests. Their secrets are
 * public test values that open nothing real.
 */
public final class SandboxDingTalkCorps {

  private SandboxDingTalkCorps() {}

  public static SandboxDingTalkCorp dingyun() {
    return new SandboxDingTalkCorp(
        "dingsandbox0001",
        "钉云贸易",
        "dingsandboxappkey01",
        "sandbox-dingtalk-secret-dingyun",
        "dingsandboxappkey01",
        300000001L,
        "sandboxEventToken",
        "4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij",
        "http://127.0.0.1:8080/app/",
        List.of(
            new SandboxCorp.Department(1, 0, "钉云贸易"),
            new SandboxCorp.Department(10, 1, "华东销售部"),
            new SandboxCorp.Department(11, 1, "华南销售部"),
            new SandboxCorp.Department(12, 10, "上海组"),
            new SandboxCorp.Department(13, 11, "深圳组")),
        List.of(
            new SandboxCorp.Member("manager01", "赵敏", "13900000001", List.of(10L), true),
            new SandboxCorp.Member("staff02", "钱进", "13900000002", List.of(10L), false),
            new SandboxCorp.Member("staff03", "孙丽", "13900000003", List.of(11L), false),
            new SandboxCorp.Member("manager07", "周强", "13900000007", List.of(11L), true),
            new SandboxCorp.Member("staff08", "吴芳", "13900000008", List.of(12L), false),
            new SandboxCorp.Member("staff09", "郑浩", "13900000009", List.of(12L), false),
            new SandboxCorp.Member("staff10", "冯雪", "13900000010", List.of(13L), false),
            new SandboxCorp.Member("staff11", "陈晨", "13900000011", List.of(13L), false)));
  }

  /**
   * The channel settings to store for a sandbox company (tenant_channel, channel "dingtalk"): its
   * app, events on, the first member as admin, and the mini-app at {@code miniAppUrl} (the
   * service's public URL + /m/, as every other link).
   */
  public static JsonObject settings(SandboxDingTalkCorp corp, String miniAppUrl) {
    return DingTalkTenants.settingsOf(
            new DingTalkApp(
                corp.corpId(),
                corp.appKey(),
                corp.appSecret(),
                corp.robotCode(),
                corp.agentId(),
                corp.eventToken(),
                corp.eventAesKey(),
                null,
                miniAppUrl == null ? corp.miniAppUrl() : miniAppUrl))
        .put("admins", new JsonArray().add(corp.members().get(0).userId()));
  }

  /** Every DingTalk company the sandbox knows. */
  public static List<SandboxDingTalkCorp> all() {
    return List.of(dingyun());
  }
}
