package com.chatcrm.sandbox;

import com.chatcrm.gateway.dingtalk.DingTalkTenants;
import com.chatcrm.gateway.wecom.WeComTenants;
import com.chatcrm.sandbox.SandboxCompany.Department;
import com.chatcrm.sandbox.SandboxCompany.Member;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fixed companies of the sandbox, one per platform, used by the dev profile and the tests.
 * Their secrets are public test values that open nothing real.
 */
public final class SandboxCorps {

  private SandboxCorps() {}

  public static SandboxCorp huaxin() {
    return new SandboxCorp(
        "wwhuaxin0001",
        "华信科技",
        1000002,
        "sandbox-secret-huaxin",
        "sandboxToken",
        "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
        departments("1 0 华信科技", "2 1 销售一部", "3 1 销售二部", "4 2 华东组", "5 3 华南组"),
        members(
            "zhangsan 张三 13800000001 2 leader",
            "lisi 李四 13800000002 2",
            "wangwu 王五 13800000003 3",
            "zhouba 周八 13800000004 3 leader",
            "sunqi 孙七 13800000005 4 leader",
            "wujiu 吴九 13800000006 4",
            "zhengshi 郑十 13800000007 5",
            "fengyi 冯一 13800000008 5"));
  }

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
        departments("1 0 钉云贸易", "10 1 华东销售部", "11 1 华南销售部", "12 10 上海组", "13 11 深圳组"),
        members(
            "manager01 赵敏 13900000001 10 leader",
            "staff02 钱进 13900000002 10",
            "staff03 孙丽 13900000003 11",
            "manager07 周强 13900000007 11 leader",
            "staff08 吴芳 13900000008 12",
            "staff09 郑浩 13900000009 12",
            "staff10 冯雪 13900000010 13",
            "staff11 陈晨 13900000011 13"));
  }

  /** Every WeCom company the sandbox knows. */
  public static List<SandboxCorp> weCom() {
    return List.of(huaxin());
  }

  /** Every DingTalk company the sandbox knows. */
  public static List<SandboxDingTalkCorp> dingTalk() {
    return List.of(dingyun());
  }

  /** Every company the sandbox knows, WeCom's first. */
  public static List<SandboxCompany> all() {
    return Stream.<SandboxCompany>concat(weCom().stream(), dingTalk().stream()).toList();
  }

  /**
   * The channel settings to store for a sandbox company (tenant_channel, channel = its platform):
   * its app, the first member as admin, and for DingTalk events on and the mini-app at {@code
   * miniAppUrl} (the service's public URL + /m/, as every other link; null for the corp's own).
   */
  public static JsonObject settings(SandboxCompany company, String miniAppUrl) {
    JsonObject settings =
        company instanceof SandboxCorp corp
            ? WeComTenants.settingsOf(corp.app())
            : DingTalkTenants.settingsOf(((SandboxDingTalkCorp) company).app(miniAppUrl));
    return settings.put("admins", new JsonArray().add(company.members().get(0).userId()));
  }

  /** Departments from "id parentId name" rows. */
  private static List<Department> departments(String... rows) {
    return Arrays.stream(rows)
        .map(row -> row.split(" ", 3))
        .map(f -> new Department(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]))
        .toList();
  }

  /** Members from "userId name mobile department [leader]" rows. */
  private static List<Member> members(String... rows) {
    return Arrays.stream(rows)
        .map(row -> row.split(" "))
        .map(f -> new Member(f[0], f[1], f[2], List.of(Long.parseLong(f[3])), f.length > 4))
        .toList();
  }
}
