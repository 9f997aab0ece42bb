package com.chatcrm.sandbox;

import java.util.List;

/**
 * The fixed companies of the sandbox, used by the dev profile and the tests. Their secrets are
 * public test values that open nothing real.
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
        List.of(
            new SandboxCorp.Department(1, 0, "华信科技"),
            new SandboxCorp.Department(2, 1, "销售一部"),
            new SandboxCorp.Department(3, 1, "销售二部"),
            new SandboxCorp.Department(4, 2, "华东组"),
            new SandboxCorp.Department(5, 3, "华南组")),
        List.of(
            new SandboxCorp.Member("zhangsan", "张三", "13800000001", List.of(2L), true),
            new SandboxCorp.Member("lisi", "李四", "13800000002", List.of(2L), false),
            new SandboxCorp.Member("wangwu", "王五", "13800000003", List.of(3L), false),
            new SandboxCorp.Member("zhouba", "周八", "13800000004", List.of(3L), true),
            new SandboxCorp.Member("sunqi", "孙七", "13800000005", List.of(4L), true),
            new SandboxCorp.Member("wujiu", "吴九", "13800000006", List.of(4L), false),
            new SandboxCorp.Member("zhengshi", "郑十", "13800000007", List.of(5L), false),
            new SandboxCorp.Member("fengyi", "冯一", "13800000008", List.of(5L), false)));
  }

  /** Everyone the sandbox knows. */
  public static List<SandboxCorp> all() {
    return List.of(huaxin());
  }
}
